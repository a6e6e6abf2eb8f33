package org.labtrack.tracking.store.search;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labtrack.tracking.domain.search.Comparison;
import org.labtrack.tracking.domain.search.ExperimentQuery;
import org.labtrack.tracking.domain.search.OrderKey;
import org.labtrack.tracking.domain.search.PageToken;
import org.labtrack.tracking.domain.search.SearchCriteria;
import org.labtrack.tracking.domain.search.SearchEntity;
import org.labtrack.tracking.domain.search.SearchLimits;
import org.labtrack.tracking.store.ExperimentEntity;
import org.labtrack.tracking.store.ExperimentTagEntity;
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
   * One page of experiments matching the query, with their tags; a next-page token only when
   * more match.
   *
   * @throws org.labtrack.common.error.MlflowException INVALID_PARAMETER_VALUE for a bad filter,
   *     order_by, max_results or page token
   */
  public Page search(ExperimentQuery q) {
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

    // The page's whole rows (one more than asked tells whether another page exists, as MLflow
    // does), then their tags: two round trips. Joining the tags to the page in one statement
    // needs the page as a derived table, which cost MariaDB more than both queries together.
    SqlText sql = new SqlText().add("SELECT " + String.join(", ", EXPERIMENT_COLUMNS));
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
    sql.add(" LIMIT ?", q.maxResults() + 1);
    if (position.offset() > 0) {
      sql.add(" OFFSET ?", position.offset());
    }

    Map<Long, Found> found = new LinkedHashMap<>();
    // the sort values of the page's last experiment when more follow, else null
    List<Object> continueAfter = queries.withConnection(c -> {
      try (PreparedStatement st = sql.prepare(c); ResultSet rs = st.executeQuery()) {
        List<Object> last = null;
        while (rs.next()) {
          if (found.size() == q.maxResults()) {
            return last;
          }
          ExperimentEntity e = experiment(rs);
          found.put(e.id, new Found(e, new ArrayList<>()));
          last = new ArrayList<>();
          for (int i = 0; i < columns.size(); i++) {
            last.add(columns.get(i).read(rs, EXPERIMENT_COLUMNS.size() + 1 + i));
          }
        }
        return null;
      }
    });
    if (!found.isEmpty()) {
      queries.queryIn("SELECT experiment_id, `key`, value FROM experiment_tags "
          + NativeQueries.BY_PRIMARY_KEY + " WHERE experiment_id IN (%s) "
          + "ORDER BY experiment_id, `key`", found.keySet(), rs -> {
            long id = rs.getLong(1);
            found.get(id).tags().add(tag(id, rs.getString(2), rs.getString(3)));
          });
    }
    return new Page(List.copyOf(found.values()),
        continueAfter == null ? null : PageToken.keyset(hash, continueAfter));
  }

  /** An experiment of a page with its tags, read-only (detached), ordered by key. */
  public record Found(ExperimentEntity experiment, List<ExperimentTagEntity> tags) {
  }

  /**
   * One page of experiments in search order.
   *
   * @param nextPageToken null unless more experiments match (MLflow probes one row further)
   */
  public record Page(List<Found> experiments, String nextPageToken) {
    public List<Long> ids() {
      return experiments.stream().map(f -> f.experiment().id).toList();
    }
  }

  /** The columns {@link #experiment} reads, first in the page query. */
  private static final List<String> EXPERIMENT_COLUMNS = List.of("e.experiment_id", "e.name",
      "e.artifact_location", "e.lifecycle_stage", "e.creation_time", "e.last_update_time");

  private static ExperimentEntity experiment(ResultSet rs) throws SQLException {
    ExperimentEntity e = new ExperimentEntity();
    e.id = rs.getLong(1);
    e.name = rs.getString(2);
    e.artifactLocation = rs.getString(3);
    e.lifecycleStage = rs.getString(4);
    e.creationTime = rs.getLong(5);
    e.lastUpdateTime = rs.getLong(6);
    return e;
  }

  private static ExperimentTagEntity tag(long experimentId, String key, String value) {
    ExperimentTagEntity t = new ExperimentTagEntity();
    t.experimentId = experimentId;
    t.key = key;
    t.value = value;
    return t;
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
