package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.labtrack.it.support.LabTrackStack.Service;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.TestDatabase;

/** What the harness promises about the stack it runs, checked on the shared one. */
@LabTrackTest
class LabTrackStackIT {
  private final LabTrackStack stack;

  LabTrackStackIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @Test
  void trackingServiceRunsOnItsOwnFreshDatabase() throws Exception {
    TestDatabase database = stack.database();
    assertThat(database.name()).startsWith("labtrack_test_it_");
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password());
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT name FROM experiments WHERE experiment_id = 0")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("Default");
    }
  }

  @Test
  void usersAreHashedAndEachServiceLogsToItsFile() throws Exception {
    Properties users = new Properties();
    try (var in = Files.newInputStream(stack.usersFile())) {
      users.load(in);
    }
    assertThat(users.stringPropertyNames()).containsExactlyInAnyOrder("alice", "bob", "carol");
    for (String user : users.stringPropertyNames()) {
      assertThat(users.getProperty(user)).matches("[0-9a-f]{32}");
    }
    assertThat(Files.readString(stack.rolesFile())).contains("alice=reader", "bob=editor",
        "carol=admin");
    assertThat(stack.internalSecret()).matches("[0-9a-f]{64}");
    for (Service service : Service.values()) {
      assertThat(stack.logFile(service)).hasFileName(service.module() + ".log");
      assertThat(Files.readString(stack.logFile(service))).contains(service.module())
          .contains("started in");
    }
  }

  @Test
  void aTestDatabaseIsGoneAfterDrop() throws SQLException {
    TestDatabase database = TestDatabase.create();
    assertThat(exists(database)).isTrue();
    database.drop();
    assertThat(exists(database)).isFalse();
    database.drop();
  }

  private static boolean exists(TestDatabase database) throws SQLException {
    String server = database.jdbcUrl().substring(0, database.jdbcUrl().length()
        - database.name().length());
    try (Connection c = DriverManager.getConnection(server, database.user(), database.password());
        ResultSet rs = c.createStatement().executeQuery("SELECT schema_name FROM "
            + "information_schema.schemata WHERE schema_name = '" + database.name() + "'")) {
      return rs.next();
    }
  }
}
