package org.labtrack.tracking.store.search;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.labtrack.tracking.domain.LifecycleStage;
import org.labtrack.tracking.domain.ViewType;
import org.labtrack.tracking.domain.search.Comparison;
import org.labtrack.tracking.domain.search.OrderKey;
import org.labtrack.tracking.domain.search.PageToken;
import org.labtrack.tracking.domain.search.RunQuery;
import org.labtrack.tracking.domain.search.SearchCriteria;
import org.labtrack.tracking.domain.search.SearchEntity;
import org.labtrack.tracking.domain.search.SearchLimits;
import org.labtrack.tracking.store.DatasetStore;
import org.labtrack.tracking.store.NativeQueries;
import org.labtrack.tracking.store.RunStore;
import org.labtrack.tracking.store.RunStore.RunRow;
import org.labtrack.tracking.store.search.SortColumn.Type;

/**
 * search_runs on the SQL schema, with MLflow's semantics: metric filters and orders use the
 * latest value (NaN is stored as 0 with is_nan set, so it compares as 0 and sorts after the
 * values, before runs without the metric), {@code run_name} filters match the
 * {@code mlflow.runName} tag while ordering uses the run's name column, and the default order is
 * {@code start_time DESC, run_uuid ASC}. Pages are cut with keyset tokens.
 */
@ApplicationScoped
public class RunSearchStore {
  static final String RUN_NAME_TAG = "mlflow.runName";

  /** Run attribute → column, and whether the column may be NULL. */
  private static final Map<String, String> COLUMNS = Map.of(
      "run_id", "r.run_uuid", "run_name", "r.name", "user_id", "r.user_id", "status", "r.status",
      "start_time", "r.start_time", "end_time", "r.end_time", "artifact_uri", "r.artifact_uri");
  private static final List<String> NOT_NULL_COLUMNS = List.of("r.run_uuid", "r.status");

  private static final Logger LOG = Logger.getLogger(RunSearchStore.class);

  private final NativeQueries queries;

  RunSearchStore(NativeQueries queries) {
    this.queries = queries;
  }

  /**
   * One page of runs in search order, each as read with the page.
   *
   * @param nextPageToken null when MLflow would send none (runs: the page was not full)
   */
  public record Page(List<RunRow> runs, String nextPageToken) {
    public Page {
      runs = List.copyOf(runs);
    }

    public List<String> runIds() {
      return runs.stream().map(RunRow::runUuid).toList();
    }
  }

  /**
   * One page of the runs matching the query, in MLflow's order.
   *
   * @throws org.labtrack.common.error.MlflowException INVALID_PARAMETER_VALUE for a bad filter,
   *     order_by, max_results or page token
   */
  public Page search(RunQuery q) {
    SearchLimits.checkRunsMaxResults(q.maxResults());
    SearchCriteria criteria = SearchCriteria.forRuns(q.filter(), q.orderBy());
    Plan plan = plan(criteria.orderBy());
    TreeSet<Long> experimentIds = new TreeSet<>(q.experimentIds());
    String hash = PageToken.queryHash("runs", experimentIds.toString(), q.viewType().name(),
        q.filter(), String.join("\u0000", q.orderBy()));
    PageToken.Position position = PageToken.decode(q.pageToken(), hash, plan.columns.size());
    if (experimentIds.isEmpty()) {
      return new Page(List.of(), null);
    }

    SqlText where = new SqlText().in("r.experiment_id", List.copyOf(experimentIds), false);
    where.add(" AND ").in("r.lifecycle_stage", stages(q.viewType()), false);
    for (Comparison c : criteria.filter()) {
      String joined = c.entity() == SearchEntity.METRIC ? plan.metricAliases.get(c.key()) : null;
      if (joined != null) {
        // the metric is joined for ordering already: compare that row instead of a subquery
        where.add(" AND ").compareNumber(joined + ".value", c.comparator(), c.doubleValue());
      } else {
        where.add(" AND ").add(filter(c));
      }
    }
    List<Object> last = SortColumn.seek(plan.columns, position, where);
    return queries.withConnection(connection -> {
      if (plan.metricFirst() && position.offset() == 0
          && (last == null || Long.valueOf(0).equals(last.get(0)))) {
        Double bound = metricBoundary(connection, plan, criteria.filter(), where, last,
            q.maxResults());
        if (bound != null) {
          // The whole page lies within the first metric's values up to the n-th match's value.
          where.add(" AND o0.is_nan = 0 AND o0.value " + (plan.firstAscending() ? "<=" : ">=")
              + " ?", bound);
          return page(connection, plan, where, q, position, hash, true);
        }
      }
      return page(connection, plan, where, q, position, hash, false);
    });
  }

  /**
   * @param fromFirstMetric drive the join from the first order metric's index (the page is
   *     confined to a short range of it), instead of from the runs of the experiments
   */
  private static Page page(Connection connection, Plan plan, SqlText where, RunQuery q,
      PageToken.Position position, String hash, boolean fromFirstMetric) throws SQLException {
    // The page's ids and sort values, read from the indexes alone...
    SqlText ids = new SqlText().add("SELECT r.run_uuid");
    List<SortColumn> outer = new ArrayList<>();
    for (int i = 0; i < plan.columns.size(); i++) {
      SortColumn c = plan.columns.get(i);
      ids.add(", " + c.expr() + " AS s" + i);
      outer.add(new SortColumn("p.s" + i, c.ascending(), c.type(), c.nullsLast()));
    }
    if (fromFirstMetric) {
      ids.add(" FROM latest_metrics o0 STRAIGHT_JOIN runs r ON r.run_uuid = o0.run_uuid AND "
          + "o0.`key` = ?", plan.firstMetric());
      plan.joins.subList(1, plan.joins.size()).forEach(ids::add);
    } else {
      ids.add(" FROM runs r");
      plan.joins.forEach(ids::add);
    }
    ids.add(" WHERE ").add(where).add(" ORDER BY ")
        .add(SortColumn.orderBy(plan.columns));
    ids.add(" LIMIT ?", q.maxResults());
    if (position.offset() > 0) {
      ids.add(" OFFSET ?", position.offset());
    }
    // ...then those runs' rows, in the same statement: a round trip less for every search, and
    // under load each round trip is a wait for the database's thread to be scheduled.
    SqlText sql = new SqlText().add("SELECT " + RunStore.rowColumns("x") + ", p.* FROM (")
        .add(ids).add(") p STRAIGHT_JOIN runs x ON x.run_uuid = p.run_uuid ORDER BY ")
        .add(SortColumn.orderBy(outer));

    List<RunRow> runs = new ArrayList<>();
    List<Object> lastRow = null;
    try (PreparedStatement st = sql.prepare(connection); ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        runs.add(RunStore.row(rs));
        lastRow = new ArrayList<>();
        for (int i = 0; i < outer.size(); i++) {
          // the sort values follow the run's columns and p.run_uuid
          lastRow.add(outer.get(i).read(rs, RunStore.ROW_COLUMN_COUNT + 2 + i));
        }
      }
    }
    // As MLflow: a full page always carries a token, even if no run follows.
    String next = runs.size() == q.maxResults() ? PageToken.keyset(hash, lastRow) : null;
    return new Page(runs, next);
  }

  static List<Object> stages(ViewType viewType) {
    List<Object> stages = new ArrayList<>();
    for (LifecycleStage stage : LifecycleStage.values()) {
      if (viewType.includes(stage)) {
        stages.add(stage.wire());
      }
    }
    return stages;
  }

  // ---------------------------------------------------------------- order

  /**
   * The ORDER BY columns and one LEFT JOIN per metric/param/tag order key (alias o0, o1, ...).
   * {@code firstMetric}: the key of the first order key when it is a metric (joined as o0), else
   * null; {@code metricAliases}: the alias each ordered metric key is joined under.
   */
  private record Plan(List<SortColumn> columns, List<SqlText> joins, String firstMetric,
      Map<String, String> metricAliases) {
    boolean metricFirst() {
      return firstMetric != null;
    }

    boolean firstAscending() {
      return columns.get(1).ascending();
    }
  }

  private static Plan plan(List<OrderKey> orderBy) {
    List<SortColumn> columns = new ArrayList<>();
    List<SqlText> joins = new ArrayList<>();
    boolean startTimeOrdered = false;
    for (int i = 0; i < orderBy.size(); i++) {
      OrderKey key = orderBy.get(i);
      String alias = "o" + i;
      if (key.entity() == SearchEntity.ATTRIBUTE) {
        String column = COLUMNS.get(key.key());
        startTimeOrdered |= key.key().equals("start_time");
        Type type = key.key().endsWith("_time") ? Type.LONG : Type.STRING;
        if (NOT_NULL_COLUMNS.contains(column)) {
          columns.add(new SortColumn(column, key.ascending(), type, false));
        } else if (!key.ascending()) {
          // MySQL already puts NULLs last when descending; a bare column keeps indexes usable.
          columns.add(new SortColumn(column, false, type, true));
        } else {
          columns.add(new SortColumn("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END",
              true, Type.LONG, false));
          columns.add(new SortColumn(column, true, type, false));
        }
        continue;
      }
      String table = switch (key.entity()) {
        case METRIC -> "latest_metrics";
        case PARAM -> "params";
        default -> "tags";
      };
      joins.add(new SqlText().add(" LEFT JOIN " + table + " " + alias + " ON " + alias
          + ".run_uuid = r.run_uuid AND " + alias + ".`key` = ?", key.key()));
      if (key.entity() == SearchEntity.METRIC) {
        columns.add(new SortColumn("CASE WHEN " + alias + ".is_nan THEN 1 WHEN " + alias
            + ".value IS NULL THEN 2 ELSE 0 END", true, Type.LONG, false));
        columns.add(new SortColumn(alias + ".value", key.ascending(), Type.DOUBLE, false));
      } else {
        columns.add(new SortColumn("CASE WHEN " + alias + ".value IS NULL THEN 1 ELSE 0 END",
            true, Type.LONG, false));
        columns.add(new SortColumn(alias + ".value", key.ascending(), Type.STRING, false));
      }
    }
    if (!startTimeOrdered) {
      columns.add(new SortColumn("r.start_time", false, Type.LONG, true));
    }
    columns.add(new SortColumn("r.run_uuid", true, Type.STRING, false));
    boolean metricFirst = !orderBy.isEmpty() && orderBy.get(0).entity() == SearchEntity.METRIC;
    Map<String, String> metricAliases = new HashMap<>();
    for (int i = 0; i < orderBy.size(); i++) {
      if (orderBy.get(i).entity() == SearchEntity.METRIC) {
        metricAliases.put(orderBy.get(i).key(), "o" + i);
      }
    }
    return new Plan(columns, joins, metricFirst ? orderBy.get(0).key() : null, metricAliases);
  }

  /**
   * The first order metric's value at the n-th matching run, found by walking that metric's
   * (key, is_nan, value) index in order and stopping at the n-th match, instead of joining and
   * sorting every run of the experiments. The walk is bounded to the first P index entries (their
   * last value is read from the index alone first; a short walk, then a longer one), so a metric
   * key shared by many other runs cannot make it long; null when those hold fewer than n matches
   * (the caller then sorts all runs). Ties are safe: the page query keeps every run whose value reaches the bound.
   */
  private static Double metricBoundary(Connection connection, Plan plan, List<Comparison> filter,
      SqlText where, List<Object> last, int n) throws SQLException {
    boolean ascending = plan.firstAscending();
    String direction = ascending ? " ASC" : " DESC";
    long[] walks = {Math.max(8L * n, 8_000L), Math.min(Math.max(40L * n, 40_000L), 400_000L)};
    for (long walk : walks) {
      SqlText pivotSql = new SqlText().add("SELECT lm.value FROM latest_metrics lm WHERE "
          + "lm.`key` = ? AND lm.is_nan = 0", plan.firstMetric())
          .add(walkRange(plan, filter, last, "lm.value"))
          .add(" ORDER BY lm.value" + direction + " LIMIT 1 OFFSET ?", walk - 1);
      Double pivot = singleDouble(connection, pivotSql);

      SqlText sql = new SqlText().add("SELECT o0.value FROM latest_metrics o0 STRAIGHT_JOIN runs r"
          + " ON r.run_uuid = o0.run_uuid");
      plan.joins.subList(1, plan.joins.size()).forEach(sql::add);
      sql.add(" WHERE o0.`key` = ? AND o0.is_nan = 0", plan.firstMetric())
          .add(walkRange(plan, filter, last, "o0.value"));
      if (pivot != null) {
        sql.add(" AND o0.value " + (ascending ? "<=" : ">=") + " ?", pivot);
      }
      sql.add(" AND ").add(where);
      sql.add(" ORDER BY o0.value" + direction + " LIMIT 1 OFFSET ?", n - 1);
      Double bound = singleDouble(connection, sql);
      LOG.debugf("search_runs: seek bound on metric %s within %d index entries: %s",
          plan.firstMetric(), walk, bound);
      if (bound != null || pivot == null) {
        return bound; // found, or the walk already covered every entry of the metric
      }
    }
    return null;
  }

  /** Where the walk over the first metric's index starts: after the last page, within filters. */
  private static SqlText walkRange(Plan plan, List<Comparison> filter, List<Object> last,
      String column) {
    SqlText range = new SqlText();
    if (last != null && last.get(1) != null) {
      range.add(" AND " + column + (plan.firstAscending() ? " >= ?" : " <= ?"), last.get(1));
    }
    return range.add(sameMetricFilters(plan, filter, column));
  }

  private static SqlText sameMetricFilters(Plan plan, List<Comparison> filter, String column) {
    SqlText sql = new SqlText();
    for (Comparison c : filter) {
      if (c.entity() == SearchEntity.METRIC && c.key().equals(plan.firstMetric())) {
        sql.add(" AND ").compareNumber(column, c.comparator(), c.doubleValue());
      }
    }
    return sql;
  }

  private static Double singleDouble(Connection connection, SqlText sql) throws SQLException {
    try (PreparedStatement st = sql.prepare(connection); ResultSet rs = st.executeQuery()) {
      return rs.next() ? rs.getDouble(1) : null;
    }
  }

  // ---------------------------------------------------------------- filter

  private static SqlText filter(Comparison c) {
    SqlText sql = new SqlText();
    switch (c.entity()) {
      case ATTRIBUTE -> {
        if (c.key().equals("run_name")) {
          // MLflow matches the tag: runs.name is empty for runs logged by MLflow <= 1.29.
          sql.add("EXISTS (SELECT 1 FROM tags f WHERE f.run_uuid = r.run_uuid AND f.`key` = ? AND ",
              RUN_NAME_TAG);
          sql.compareString("f.value", c.comparator(), c.value(), c.values()).add(")");
        } else if (c.key().endsWith("_time")) {
          sql.compareNumber(COLUMNS.get(c.key()), c.comparator(), c.decimalValue());
        } else if (c.key().equals("run_id")) {
          sql.compareId(COLUMNS.get(c.key()), c.comparator(), c.value(), c.values());
        } else {
          sql.compareString(COLUMNS.get(c.key()), c.comparator(), c.value(), c.values());
        }
      }
      case METRIC -> sql
          .add("EXISTS (SELECT 1 FROM latest_metrics f WHERE f.run_uuid = r.run_uuid"
              + " AND f.`key` = ? AND ", c.key())
          .compareNumber("f.value", c.comparator(), c.doubleValue()).add(")");
      case PARAM, TAG -> sql
          .add("EXISTS (SELECT 1 FROM " + (c.entity() == SearchEntity.PARAM ? "params" : "tags")
              + " f WHERE f.run_uuid = r.run_uuid AND f.`key` = ? AND ", c.key())
          .compareString("f.value", c.comparator(), c.value(), c.values()).add(")");
      case DATASET -> {
        sql.add("EXISTS (SELECT 1 FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id");
        if (c.key().equals("context")) {
          sql.add(" JOIN input_tags it ON it.input_uuid = i.input_uuid AND it.name = ?",
              DatasetStore.CONTEXT_TAG);
        }
        sql.add(" WHERE i.destination_type = 'RUN' AND i.destination_id = r.run_uuid"
            + " AND i.source_type = 'DATASET' AND ");
        String column = c.key().equals("context") ? "it.value" : "d." + c.key();
        sql.compareString(column, c.comparator(), c.value(), c.values()).add(")");
      }
      default -> throw new IllegalStateException("unexpected entity " + c.entity());
    }
    return sql;
  }
}
