package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Metric points and the latest point per key, in plain JDBC: a 1000-point batch becomes one
 * multi-row INSERT ({@link SqlRows}) instead of 1000 entity inserts, which is what makes log-batch
 * cheap. The statements run on the unit of work's connection ({@link NativeQueries}), so
 * they commit or roll back with the rest of it.
 */
@ApplicationScoped
public class MetricStore {
  /** MLflow stores NaN as 0 with is_nan set, and clamps infinities to the largest doubles. */
  public record Point(String key, double value, long timestamp, long step, boolean isNan) {

    public static Point of(String key, double raw, long timestamp, long step) {
      if (Double.isNaN(raw)) {
        return new Point(key, 0.0, timestamp, step, true);
      }
      double value = Double.isInfinite(raw) ? Math.copySign(Double.MAX_VALUE, raw) : raw;
      return new Point(key, value, timestamp, step, false);
    }

    /** The value as the wire shows it. */
    public double wireValue() {
      return isNan ? Double.NaN : value;
    }
  }

  /** MLflow's "latest" rule: the greatest (step, timestamp, value). */
  public static final Comparator<Point> RECENCY = Comparator.comparingLong(Point::step)
      .thenComparingLong(Point::timestamp)
      .thenComparingDouble(Point::value);

  /** Where a page of history ends; the next page starts after it. */
  public record HistoryCursor(long timestamp, long step, double value, boolean isNan) {
  }

  /**
   * Creates each key's latest row or moves it forward, in one multi-row statement. The row moves
   * only when the candidate is newer by MLflow's rule, compared against the row as stored, so
   * concurrent writers cannot regress it.
   *
   * <p>MySQL and MariaDB apply the assignments left to right, each seeing the ones before. The
   * order is chosen so that this does not matter: is_nan and value are assigned while the row is
   * untouched; once value has moved, the re-evaluated condition can only turn false where the
   * candidate's timestamp (or, for step, its timestamp and step) already equal the stored ones,
   * so skipping those assignments leaves the same result.
   */
  private static final String NEWER = "(VALUES(step) > step OR (VALUES(step) = step AND "
      + "(VALUES(timestamp) > timestamp OR (VALUES(timestamp) = timestamp AND "
      + "VALUES(value) > value))))";
  private static final String LATEST_UPSERT = "INSERT INTO latest_metrics "
      + "(run_uuid, `key`, timestamp, step, value, is_nan) VALUES";
  private static final String MOVE_FORWARD = " ON DUPLICATE KEY UPDATE "
      + "is_nan = IF(" + NEWER + ", VALUES(is_nan), is_nan), "
      + "value = IF(" + NEWER + ", VALUES(value), value), "
      + "timestamp = IF(" + NEWER + ", VALUES(timestamp), timestamp), "
      + "step = IF(" + NEWER + ", VALUES(step), step)";
  private static final String INSERT = "INSERT INTO metrics "
      + "(run_uuid, `key`, timestamp, step, value, is_nan) VALUES";
  /** A point stored before (a retried request) is left as it is. */
  private static final String KEEP = " ON DUPLICATE KEY UPDATE run_uuid = run_uuid";

  private final NativeQueries queries;

  MetricStore(NativeQueries queries) {
    this.queries = queries;
  }

  /**
   * Appends points; a point already stored (same key, timestamp, step and value) is a no-op, so a
   * retried request never duplicates history. Then moves each key's latest point forward.
   */
  public void append(String runUuid, List<Point> points) {
    if (points.isEmpty()) {
      return;
    }
    Map<String, Point> latest = new HashMap<>();
    for (Point p : points) {
      latest.merge(p.key(), p, (a, b) -> RECENCY.compare(a, b) >= 0 ? a : b);
    }
    List<Point> candidates = new ArrayList<>(latest.values());
    // one lock order for every writer of the run: by key
    candidates.sort(Comparator.comparing(Point::key));
    String insert = rows(INSERT, runUuid, points).sql(KEEP);
    String upsert = rows(LATEST_UPSERT, runUuid, candidates).sql(MOVE_FORWARD);
    queries.useConnection(c -> {
      try (Statement s = c.createStatement()) {
        s.setEscapeProcessing(false);
        s.executeUpdate(insert);
        s.executeUpdate(upsert);
      }
    });
  }

  /**
   * One statement for all points: log-batch takes at most 1000, a few hundred KB of text, far
   * below any server's {@code max_allowed_packet}.
   */
  private static SqlRows rows(String head, String runUuid, List<Point> points) {
    SqlRows rows = new SqlRows(head, points.size());
    for (Point p : points) {
      rows.row().text(runUuid).text(p.key()).number(p.timestamp()).number(p.step())
          .number(p.value()).bool(p.isNan());
    }
    return rows;
  }

  /** Latest point per key for each run, keys in order. */
  public Map<String, List<Point>> latest(Collection<String> runUuids) {
    Map<String, List<Point>> byRun = new LinkedHashMap<>();
    queries.queryIn("SELECT run_uuid, `key`, value, timestamp, step, is_nan FROM latest_metrics "
        + NativeQueries.BY_PRIMARY_KEY + " WHERE run_uuid IN (%s) ORDER BY run_uuid, `key`",
        runUuids,
        rs -> byRun.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new Point(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                rs.getBoolean(6))));
    return byRun;
  }

  /**
   * Up to {@code limit} points of one metric in MLflow's history order (timestamp, step, value),
   * starting after {@code after} when given.
   */
  public List<Point> history(String runUuid, String key, HistoryCursor after, int limit) {
    List<Point> points = new ArrayList<>(Math.min(limit, 100_000));
    queries.useConnection(c -> {
      StringBuilder sql = new StringBuilder("SELECT timestamp, step, value, is_nan FROM metrics "
          + "WHERE run_uuid = ? AND `key` = ?");
      if (after != null) {
        sql.append(" AND (timestamp > ? OR (timestamp = ? AND (step > ? OR (step = ? AND "
            + "(value > ? OR (value = ? AND is_nan > ?))))))");
      }
      sql.append(" ORDER BY timestamp, step, value, is_nan LIMIT ?");
      try (PreparedStatement s = binary(c, sql.toString())) {
        int i = 1;
        s.setString(i++, runUuid);
        s.setString(i++, key);
        if (after != null) {
          s.setLong(i++, after.timestamp());
          s.setLong(i++, after.timestamp());
          s.setLong(i++, after.step());
          s.setLong(i++, after.step());
          s.setDouble(i++, after.value());
          s.setDouble(i++, after.value());
          s.setBoolean(i++, after.isNan());
        }
        s.setInt(i, limit);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            points.add(new Point(key, rs.getDouble(3), rs.getLong(1), rs.getLong(2),
                rs.getBoolean(4)));
          }
        }
      }
    });
    return points;
  }

  /**
   * Every point of one metric in MLflow's history order, handed to {@code sink} as the rows
   * arrive: one query whose rows stream from the server (Connector/J's {@code MIN_VALUE} fetch
   * size), so memory stays flat. Keyset chunks of 20,000 made the database walk about seven
   * index entries per point returned; this walks one.
   */
  public void streamHistory(String runUuid, String key, Consumer<Point> sink) {
    queries.useConnection(c -> {
      try (PreparedStatement s = binary(c, "SELECT timestamp, step, value, is_nan FROM metrics "
          + "WHERE run_uuid = ? AND `key` = ? ORDER BY timestamp, step, value, is_nan")) {
        s.setFetchSize(Integer.MIN_VALUE);
        s.setString(1, runUuid);
        s.setString(2, key);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            sink.accept(new Point(key, rs.getDouble(3), rs.getLong(1), rs.getLong(2),
                rs.getBoolean(4)));
          }
        }
      }
    });
  }

  /** Every step at which the metric was logged, ascending. */
  public List<Long> steps(String runUuid, String key) {
    List<Long> steps = new ArrayList<>();
    queries.useConnection(c -> {
      try (PreparedStatement s = binary(c,
          "SELECT DISTINCT step FROM metrics WHERE run_uuid = ? AND `key` = ? ORDER BY step")) {
        s.setString(1, runUuid);
        s.setString(2, key);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            steps.add(rs.getLong(1));
          }
        }
      }
    });
    return steps;
  }

  /** The points at the given steps, ordered by step, timestamp, value. */
  public List<Point> atSteps(String runUuid, String key, List<Long> steps, int limit) {
    List<Point> points = new ArrayList<>();
    if (steps.isEmpty()) {
      return points;
    }
    queries.useConnection(c -> {
      String sql = "SELECT timestamp, step, value, is_nan FROM metrics WHERE run_uuid = ? "
          + "AND `key` = ? AND step IN (" + NativeQueries.marks(steps.size()) + ") "
          + "ORDER BY step, timestamp, value LIMIT ?";
      try (PreparedStatement s = binary(c, sql)) {
        int i = 1;
        s.setString(i++, runUuid);
        s.setString(i++, key);
        for (Long step : steps) {
          s.setLong(i++, step);
        }
        s.setInt(i, limit);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            points.add(new Point(key, rs.getDouble(3), rs.getLong(1), rs.getLong(2),
                rs.getBoolean(4)));
          }
        }
      }
    });
    return points;
  }

  /**
   * A server-side prepared statement, whose rows come in MySQL's binary protocol: numbers travel
   * as 8 bytes instead of text the server must format and the driver parse back. For the reads
   * of whole histories (and the charts' samples of them) that formatting was a large part of the
   * database's CPU. (The pool's other statements stay client-side, which batched inserts need.)
   */
  private static PreparedStatement binary(Connection c, String sql) throws SQLException {
    return c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).serverPrepareStatement(sql);
  }
}
