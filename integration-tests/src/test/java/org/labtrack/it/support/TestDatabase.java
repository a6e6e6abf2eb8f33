package org.labtrack.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A freshly created, uniquely named database on the machine's MySQL-protocol server, dropped by
 * {@link #drop()}. The server comes from {@code LABTRACK_TEST_DB_URL} (a JDBC URL ending in
 * {@code /}, default {@code jdbc:mysql://127.0.0.1:3306/}), {@code LABTRACK_TEST_DB_USER}
 * ({@code root}) and {@code LABTRACK_TEST_DB_PASSWORD} (empty), as for the services' own tests.
 * Names start with {@code labtrack_test_}, which {@code .ci/run} sweeps up after killed runs.
 */
public final class TestDatabase {
  private final String serverUrl;
  private final String user;
  private final String password;
  private final String name;
  private final String serverVersion;

  private TestDatabase(String serverUrl, String user, String password, String name,
      String serverVersion) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.name = name;
    this.serverVersion = serverVersion;
  }

  /** Creates the database (utf8mb4, binary collation, as tracking-service's migrations expect). */
  public static TestDatabase create() {
    String url = env("LABTRACK_TEST_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
    String user = env("LABTRACK_TEST_DB_USER", "root");
    String password = env("LABTRACK_TEST_DB_PASSWORD", "");
    String name = "labtrack_test_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      try (ResultSet version = s.executeQuery("SELECT VERSION()")) {
        version.next();
        return new TestDatabase(url, user, password, name, version.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("The test database server at " + url + " is not usable "
          + "(run .ci/run, or set LABTRACK_TEST_DB_URL/_USER/_PASSWORD): " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return serverUrl + name;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /**
   * MariaDB 10.x announces itself as {@code 5.5.5-10.x}, which Hibernate's MySQL 8 check refuses;
   * only there is the check switched off (tracking-service's {@code TRACKING_DB_VERSION_CHECK}).
   */
  public boolean versionCheckPasses() {
    return !(serverVersion.contains("MariaDB") && serverVersion.startsWith("10."));
  }

  /** Drops the database; safe to call twice. */
  public void drop() {
    try (Connection c = DriverManager.getConnection(serverUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop test database " + name + ": " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
