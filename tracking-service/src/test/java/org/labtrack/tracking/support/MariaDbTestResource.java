package org.labtrack.tracking.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run its own freshly created MariaDB/MySQL database on the machine's server and
 * drops it afterwards, so Flyway migrates for real and parallel runs never share state.
 * The server comes from {@code LABTRACK_TEST_DB_*} (default: root without a password on
 * 127.0.0.1:3306, as {@code .ci/run} prepares it).
 */
public class MariaDbTestResource implements QuarkusTestResourceLifecycleManager {
  private String database;

  public static String serverUrl() {
    return env("LABTRACK_TEST_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
  }

  public static String user() {
    return env("LABTRACK_TEST_DB_USER", "root");
  }

  public static String password() {
    return env("LABTRACK_TEST_DB_PASSWORD", "");
  }

  /** A new, empty database on the test server; its JDBC URL is {@code serverUrl() + name}. */
  public static String createDatabase() {
    String name = "labtrack_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return name;
  }

  public static void dropDatabase(String name) {
    execute("DROP DATABASE IF EXISTS " + name);
  }

  @Override
  public Map<String, String> start() {
    database = createDatabase();
    return Map.of(
        "quarkus.datasource.jdbc.url", serverUrl() + database,
        "quarkus.datasource.username", user(),
        "quarkus.datasource.password", password(),
        // MariaDB 10.x reports 5.5.5-10.x, which Hibernate's MySQL 8 check refuses (BUILD-NOTES).
        "quarkus.hibernate-orm.database.version-check.enabled", "false");
  }

  @Override
  public void stop() {
    if (database != null) {
      dropDatabase(database);
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(serverUrl(), user(), password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Test database server at " + serverUrl()
          + " is not usable (run .ci/run, or set LABTRACK_TEST_DB_URL/_USER/_PASSWORD): "
          + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
