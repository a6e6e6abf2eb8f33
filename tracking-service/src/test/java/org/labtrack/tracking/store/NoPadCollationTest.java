package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** V9 on a database that V1–V8 made, holding names that differ only in trailing spaces. */
class NoPadCollationTest {
  private static final String RUN = "a".repeat(32);

  private String database;
  private String url;

  @BeforeEach
  void databaseAtV8() {
    database = MariaDbTestResource.createDatabase();
    url = MariaDbTestResource.serverUrl() + database;
    flyway().javaMigrations(new PackMetricPoints()).target("8").load().migrate();
  }

  @AfterEach
  void dropDatabase() {
    MariaDbTestResource.dropDatabase(database);
  }

  @Test
  void keysThatDifferInTrailingSpacesBecomeDistinctAndNothingStoredChanges() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO experiments (name, lifecycle_stage, creation_time, last_update_time)"
          + " VALUES ('trail  ', 'active', 1, 1)");
      s.execute("INSERT INTO runs (run_uuid, experiment_id, status, lifecycle_stage) VALUES ('"
          + RUN + "', LAST_INSERT_ID(), 'RUNNING', 'active')");
      s.execute("INSERT INTO params (run_uuid, `key`, value) VALUES ('" + RUN + "', 'p ', '1')");
      s.execute("INSERT INTO registered_models (name, creation_time, last_updated_time)"
          + " VALUES ('model ', 1, 1)");
      s.execute("INSERT INTO registered_model_tags (name, `key`, value)"
          + " VALUES ('model ', 't', 'v')");
      // what model-versions/create for "model" did: a version under "model "'s key
      s.execute("INSERT INTO model_versions (name, version, current_stage, status)"
          + " VALUES ('model', 1, 'None', 'READY')");
      s.execute("INSERT INTO model_version_tags (name, version, `key`, value)"
          + " VALUES ('model  ', 1, 'k', 'v')");
      // as it was: PAD SPACE takes "p" for "p "
      assertThat(count(s, "SELECT COUNT(*) FROM params WHERE `key` = 'p'")).isEqualTo(1);
    }

    flyway().javaMigrations(new PackMetricPoints(), new NoPadCollation()).load().migrate();

    try (Connection c = connect(); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT COUNT(*) FROM params WHERE `key` = 'p'")).isZero();
      assertThat(count(s, "SELECT COUNT(*) FROM params WHERE `key` = 'p '")).isEqualTo(1);
      s.execute("INSERT INTO params (run_uuid, `key`, value) VALUES ('" + RUN + "', 'p', '2')");
      s.execute("INSERT INTO experiments (name, lifecycle_stage, creation_time, last_update_time)"
          + " VALUES ('trail', 'active', 1, 1)");
      assertThat(count(s, "SELECT COUNT(*) FROM experiments WHERE name = 'trail'")).isEqualTo(1);
      // rows that named their parent with other trailing spaces now name it exactly, and the
      // registry's foreign keys hold and cascade again
      assertThat(count(s, "SELECT COUNT(*) FROM model_versions WHERE name = 'model '"))
          .isEqualTo(1);
      s.execute("UPDATE registered_models SET name = 'renamed' WHERE name = 'model '");
      assertThat(count(s, "SELECT COUNT(*) FROM registered_model_tags WHERE name = 'renamed'"))
          .isEqualTo(1);
      assertThat(count(s, "SELECT COUNT(*) FROM model_version_tags WHERE name = 'renamed'"))
          .isEqualTo(1);
      assertThat(count(s, "SELECT @@foreign_key_checks")).isEqualTo(1);
      assertThat(paddedColumns(s)).isEmpty();
      try (ResultSet rs = s.executeQuery("SELECT DISTINCT TABLE_COLLATION FROM"
          + " information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
          + " AND TABLE_NAME <> 'flyway_schema_history'")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("utf8mb4_nopad_bin");
        assertThat(rs.next()).as("one collation for every table").isFalse();
      }
      // a table a later migration creates without naming a collation
      s.execute("CREATE TABLE later (k VARCHAR(10) PRIMARY KEY)");
      s.execute("INSERT INTO later VALUES ('k'), ('k ')");
    }
  }

  private static List<String> paddedColumns(Statement s) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM"
        + " information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME = '"
        + NoPadCollation.PADDED + "' AND TABLE_NAME <> 'flyway_schema_history'")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
    return Flyway.configure().dataSource(url, MariaDbTestResource.user(),
        MariaDbTestResource.password()).locations("classpath:db/migration");
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, MariaDbTestResource.user(),
        MariaDbTestResource.password());
  }
}
