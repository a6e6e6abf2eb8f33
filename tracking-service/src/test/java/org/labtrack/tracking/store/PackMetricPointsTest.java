package org.labtrack.tracking.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.store.MetricStore.Point;
import org.labtrack.tracking.support.MariaDbTestResource;

/** V7 on a database that V1–V6 made and that holds points the way V1 stored them. */
class PackMetricPointsTest {
  private static final String RUN_A = "a".repeat(32);
  private static final String RUN_B = "b".repeat(32);

  private String database;
  private String url;

  @BeforeEach
  void databaseAtV6() {
    database = MariaDbTestResource.createDatabase();
    url = MariaDbTestResource.serverUrl() + database;
    flyway("6").migrate();
  }

  @AfterEach
  void dropDatabase() {
    MariaDbTestResource.dropDatabase(database);
  }

  @Test
  void everyPointMovesIntoChunksInHistoryOrderAndTheOldTableGoes() throws SQLException {
    List<Point> loss = new ArrayList<>();
    // inserted newest first: the rows' order must come from the key, not from the insert
    for (int i = 2_499; i >= 0; i--) {
      loss.add(Point.of("loss", i * 0.5, 1_000 + i, i));
    }
    loss.add(Point.of("loss", Double.NaN, 1_000, 0));
    List<Point> acc = List.of(Point.of("acc", 0.9, 5, 1), Point.of("acc", 0.8, 5, 1),
        Point.of("acc", Double.POSITIVE_INFINITY, 4, 7));
    List<Point> other = List.of(Point.of("loss", -3, 7, 7));
    try (Connection c = connect()) {
      insertV1Rows(c, RUN_A, loss);
      insertV1Rows(c, RUN_A, acc);
      insertV1Rows(c, RUN_B, other);
    }

    // pages of 700 of a run's points in key order: run A's 3 "acc" points, then "loss" from
    // the first page's 697th row on, so its 2,501 points end as four chunks
    Flyway.configure().dataSource(url, MariaDbTestResource.user(),
        MariaDbTestResource.password()).locations("classpath:db/migration")
        .javaMigrations(new PackMetricPoints(700)).load().migrate();

    try (Connection c = connect()) {
      assertEquals(historyOrder(loss), stored(c, RUN_A, "loss"));
      assertEquals(historyOrder(acc), stored(c, RUN_A, "acc"));
      assertEquals(other, stored(c, RUN_B, "loss"));
      assertEquals(List.of(697, 700, 700, 404), chunkSizes(c, RUN_A, "loss"));
      assertEquals(List.of(3), chunkSizes(c, RUN_A, "acc"));
      try (ResultSet rs = c.getMetaData().getTables(database, null, "metrics", null)) {
        assertFalse(rs.next(), "V8 drops the old table");
      }
    }
  }

  private Flyway flyway(String target) {
    return Flyway.configure().dataSource(url, MariaDbTestResource.user(),
        MariaDbTestResource.password()).locations("classpath:db/migration").target(target).load();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, MariaDbTestResource.user(),
        MariaDbTestResource.password());
  }

  private static void insertV1Rows(Connection c, String run, List<Point> points)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO metrics "
        + "(run_uuid, `key`, timestamp, step, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Point p : points) {
        s.setString(1, run);
        s.setString(2, p.key());
        s.setLong(3, p.timestamp());
        s.setLong(4, p.step());
        s.setDouble(5, p.value());
        s.setBoolean(6, p.isNan());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** MLflow's history order, which V1's key kept: timestamp, step, value, is_nan. */
  private static List<Point> historyOrder(List<Point> points) {
    return points.stream().sorted(Comparator.comparingLong(Point::timestamp)
        .thenComparingLong(Point::step).thenComparingDouble(Point::value)
        .thenComparing(Point::isNan)).toList();
  }

  private static List<Point> stored(Connection c, String run, String key) throws SQLException {
    List<byte[]> chunks = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT points FROM metric_chunks WHERE run_uuid = ? AND `key` = ? ORDER BY seq")) {
      s.setString(1, run);
      s.setString(2, key);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          chunks.add(rs.getBytes(1));
        }
      }
    }
    return Series.decode(key, chunks).page(null, Integer.MAX_VALUE);
  }

  private static List<Integer> chunkSizes(Connection c, String run, String key)
      throws SQLException {
    List<Integer> sizes = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT point_count, LENGTH(points) "
        + "FROM metric_chunks WHERE run_uuid = ? AND `key` = ? ORDER BY seq")) {
      s.setString(1, run);
      s.setString(2, key);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          assertEquals(rs.getInt(1) * Series.POINT_BYTES, rs.getInt(2));
          sizes.add(rs.getInt(1));
        }
      }
    }
    return sizes;
  }
}
