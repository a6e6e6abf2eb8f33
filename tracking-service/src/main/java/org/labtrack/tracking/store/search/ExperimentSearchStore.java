package org.labtrack.tracking.store.search;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.labtrack.tracking.domain.search.Comparison;
import org.labtrack.tracking.domain.search.ExperimentPage;
import org.labtrack.tracking.domain.search.ExperimentQuery;
import org.labtrack.tracking.domain.search.OrderKey;
import org.labtrack.tracking.domain.search.PageToken;
import org.labtrack.tracking.domain.search.SearchCriteria;
import org.labtrack.tracking.domain.search.SearchEntity;
import org.labtrack.tracking.domain.search.SearchLimits;
import org.labtrack.tracking.store.NativeQueries;
import org.labtrack.tracking.store.search.SortColumn.Type;

/**
 * search_experiments on the SQL schema with MLflow's semantics: name, creation_time,
 * last_update_time and tag filters; order_by on name, experiment_id, creation_time or
 * last_update_time, with experiment_id as the tie-break (DESC, as MLflow appends it, unless the
 * client orders by it; the default order is {@code creation_time DESC, experiment_id ASC}).
 */
@ApplicationScoped
public class ExperimentSearchStore {
  private final NativeQueries queries;

  ExperimentSearchStore(NativeQueries queries) {
    this.queries = queries;
  }

  /**
   * One page of experiment ids matching the query; a next-page token only when more match.
   *
   * @throws org.labtrack.common.error.MlflowException INVALID_PARAMETER_VALUE for a bad filter,
   *     order_by, max_results or page token
   */
  public ExperimentPage search(ExperimentQuery q) {
    SearchLimits.checkExperimentsMaxResults(q.maxResults());
    SearchCriteria criteria = SearchCriteria.forExperiments(q.filter(), q.orderBy());
    List<SortColumn> columns = new ArrayList<>();
    boolean idOrdered = false;
    for (OrderKey key : criteria.orderBy()) {
      idOrdered |= key.key().equals("experiment_id");
      columns.add(new SortColumn("e." + key.key(), key.ascending(),
          key.key().equals("name") ? Type.STRING : Type.LONG, false));
    }
    if (!idOrdered) {
      columns.add(new SortColumn("e.experiment_id", false, Type.LONG, false));
    }
    String hash = PageToken.queryHash("experiments", q.viewType().name(), q.filter(),
        String.join("\u0000", q.orderBy()));
    PageToken.Position position = PageToken.decode(q.pageToken(), hash, columns.size());

    SqlText sql = new SqlText().add("SELECT e.experiment_id");
    for (SortColumn c : columns) {
      sql.add(", " + c.expr());
    }
    sql.add(" FROM experiments e WHERE ")
        .in("e.lifecycle_stage", RunSearchStore.stages(q.viewType()), false);
    for (Comparison c : criteria.filter()) {
      sql.add(" AND ").add(filter(c));
    }
    SortColumn.seek(columns, position, sql);
    sql.add(" ORDER BY ").add(SortColumn.orderBy(columns));
    // One row more than asked tells whether another page exists, as MLflow does.
    sql.add(" LIMIT ?", q.maxResults() + 1);
    if (position.offset() > 0) {
      sql.add(" OFFSET ?", position.offset());
    }

    return queries.withConnection(c -> {
      List<Long> ids = new ArrayList<>();
      List<Object> lastRow = null;
      try (PreparedStatement st = sql.prepare(c); ResultSet rs = st.executeQuery()) {
        boolean more = false;
        while (rs.next()) {
          if (ids.size() == q.maxResults()) {
            more = true;
            break;
          }
          ids.add(rs.getLong(1));
          lastRow = new ArrayList<>();
          for (int i = 0; i < columns.size(); i++) {
            lastRow.add(columns.get(i).read(rs, i + 2));
          }
        }
        return new ExperimentPage(ids, more ? PageToken.keyset(hash, lastRow) : null);
      }
    });
  }

  private static SqlText filter(Comparison c) {
    SqlText sql = new SqlText();
    if (c.entity() == SearchEntity.TAG) {
      return sql.add("EXISTS (SELECT 1 FROM experiment_tags f WHERE f.experiment_id = "
              + "e.experiment_id AND f.`key` = ? AND ", c.key())
          .compareString("f.value", c.comparator(), c.value(), c.values()).add(")");
    }
    if (c.key().equals("name")) {
      return sql.compareString("e.name", c.comparator(), c.value(), c.values());
    }
    return sql.compareNumber("e." + c.key(), c.comparator(), c.decimalValue());
  }
}
