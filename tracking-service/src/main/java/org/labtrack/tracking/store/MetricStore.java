package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric points, stored in chunks ({@link Series}), and the latest point per key, in plain JDBC:
 * a write is two statements whatever its size, sent with the rest of its request's writes by
 * {@link RunWriter}.
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
  static final String INSERT_CHUNK = "INSERT INTO metric_chunks "
      + "(run_uuid, `key`, seq, point_count, points) VALUES";

  private final NativeQueries queries;
  private final ChunkFolder folder;

  MetricStore(NativeQueries queries, ChunkFolder folder) {
    this.queries = queries;
    this.folder = folder;
  }

  /**
   * The statements that append points: each key's points from this write become one chunk (see
   * {@link Series}), so a 1000-point batch of a few keys writes a few rows, not 1000. The chunk
   * is numbered with the data version this write moved the run to ({@link RunWriter}): one
   * write per version, so the number is unique without a counter or an index of its own. A
   * point stored before (a retried request) is dropped when the history is read. Then each
   * key's latest point moves forward.
   */
  public static List<String> appendStatements(String runUuid, long dataVersion,
      List<Point> points) {
    if (points.isEmpty()) {
      return List.of();
    }
    // one lock order (on latest_metrics) for every writer of the run: by key
    Map<String, List<Point>> byKey = new TreeMap<>();
    for (Point p : points) {
      byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
    }
    SqlRows chunks = new SqlRows(INSERT_CHUNK, byKey.size());
    List<Point> candidates = new ArrayList<>(byKey.size());
    byKey.forEach((key, series) -> {
      chunkRow(chunks, runUuid, key, dataVersion, Series.encode(series));
      candidates.add(series.stream().reduce((a, b) -> RECENCY.compare(a, b) >= 0 ? a : b)
          .orElseThrow());
    });
    return List.of(chunks.sql(""), latestRows(runUuid, candidates).sql(MOVE_FORWARD));
  }

  /** A row of {@link #INSERT_CHUNK}; its point count is what the points' bytes hold. */
  static void chunkRow(SqlRows rows, String runUuid, String key, long seq, byte[] points) {
    rows.row().text(runUuid).text(key).number(seq).number(points.length / Series.POINT_BYTES)
        .bytes(points);
  }

  /**
   * One statement for all keys: log-batch takes at most 1000 points, a few hundred KB of text,
   * far below any server's {@code max_allowed_packet}.
   */
  private static SqlRows latestRows(String runUuid, List<Point> points) {
    SqlRows rows = new SqlRows(LATEST_UPSERT, points.size());
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
        AsciiIds.storable(runUuids),
        rs -> byRun.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new Point(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                rs.getBoolean(6))));
    return byRun;
  }

  /**
   * One metric's history, read from its chunks in the order they were written. A history with
   * many small chunks is folded afterwards ({@link ChunkFolder}).
   */
  public Series series(String runUuid, String key) {
    List<byte[]> chunks = new ArrayList<>();
    if (!AsciiIds.storable(runUuid)) {
      return Series.decode(key, chunks);
    }
    queries.useConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT points FROM metric_chunks "
          + "WHERE run_uuid = ? AND `key` = ? ORDER BY seq")) {
        s.setString(1, runUuid);
        s.setString(2, key);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            chunks.add(rs.getBytes(1));
          }
        }
      }
    });
    folder.consider(runUuid, key, chunks);
    return Series.decode(key, chunks);
  }
}
