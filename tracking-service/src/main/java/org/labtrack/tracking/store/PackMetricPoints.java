package org.labtrack.tracking.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.Context;
import org.labtrack.tracking.store.MetricStore.Point;

/**
 * V7: moves the points of {@code metrics} (one row a point) into {@code metric_chunks}, one run
 * per transaction, so an interrupted migration has lost nothing and goes on where it stopped:
 * a run's chunks are written and its rows deleted together. Reads are bounded (a page of runs,
 * then a page of one run's points), whatever the size of the lab.
 */
public final class PackMetricPoints extends OwnTransactionMigration {
  private static final int RUNS_PER_PAGE = 500;
  private static final int POINTS_PER_CHUNK = 1000;

  private final int pointsPerPage;

  public PackMetricPoints() {
    this(50_000);
  }

  /** A smaller page lets a test cross page boundaries with a few thousand points. */
  PackMetricPoints(int pointsPerPage) {
    super("7", "pack metric points");
    this.pointsPerPage = pointsPerPage;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      List<String> runs;
      while (!(runs = runsWithRows(c)).isEmpty()) {
        for (String run : runs) {
          pack(c, run);
          try (PreparedStatement s = c.prepareStatement("DELETE FROM metrics WHERE run_uuid = ?")) {
            s.setString(1, run);
            s.executeUpdate();
          }
          c.commit();
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * Writes one run's rows as chunks of up to 1000 points of one key, reading a page at a time in
   * V1's key order (key, then history order). A key that spans two pages gets two chunks.
   */
  private void pack(Connection c, String run) throws SQLException {
    long seq = Long.MIN_VALUE;
    Point last = null;
    List<Point> page;
    do {
      page = page(c, run, last);
      if (page.isEmpty()) {
        return;
      }
      SqlRows chunks = new SqlRows("INSERT INTO metric_chunks (run_uuid, `key`, seq, "
          + "point_count, points) VALUES", page.size() / POINTS_PER_CHUNK + 1);
      int from = 0;
      while (from < page.size()) {
        String key = page.get(from).key();
        int to = from;
        while (to < page.size() && to - from < POINTS_PER_CHUNK
            && page.get(to).key().equals(key)) {
          to++;
        }
        List<Point> chunk = page.subList(from, to);
        chunks.row().text(run).text(key).number(seq++).number(chunk.size())
            .bytes(Series.encode(chunk));
        from = to;
      }
      try (Statement s = c.createStatement()) {
        s.setEscapeProcessing(false);
        s.executeUpdate(chunks.sql(""));
      }
      last = page.get(page.size() - 1);
    } while (page.size() == pointsPerPage);
  }

  /** Up to a page of one run's rows in V1's key order, after {@code last} when given. */
  private List<Point> page(Connection c, String run, Point last) throws SQLException {
    String sql = "SELECT `key`, timestamp, step, value, is_nan FROM metrics WHERE run_uuid = ?"
        + (last == null ? "" : " AND (`key` > ? OR (`key` = ? AND (timestamp > ? OR "
            + "(timestamp = ? AND (step > ? OR (step = ? AND (value > ? OR "
            + "(value = ? AND is_nan > ?))))))))")
        + " ORDER BY `key`, timestamp, step, value, is_nan LIMIT " + pointsPerPage;
    List<Point> points = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setString(i++, run);
      if (last != null) {
        s.setString(i++, last.key());
        s.setString(i++, last.key());
        s.setLong(i++, last.timestamp());
        s.setLong(i++, last.timestamp());
        s.setLong(i++, last.step());
        s.setLong(i++, last.step());
        s.setDouble(i++, last.value());
        s.setDouble(i++, last.value());
        s.setBoolean(i, last.isNan());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          points.add(new Point(rs.getString(1), rs.getDouble(4), rs.getLong(2), rs.getLong(3),
              rs.getBoolean(5)));
        }
      }
    }
    return points;
  }

  /** The next runs that still have rows; moved runs have none left. */
  private static List<String> runsWithRows(Connection c) throws SQLException {
    List<String> runs = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT run_uuid FROM metrics ORDER BY run_uuid "
            + "LIMIT " + RUNS_PER_PAGE)) {
      while (rs.next()) {
        runs.add(rs.getString(1));
      }
    }
    return runs;
  }
}
