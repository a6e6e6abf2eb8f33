package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.store.RunWriter.LockedRun;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * The logging path's own transaction: what it reads under the run's lock, and that a refused or
 * failed write leaves nothing behind, on the database or on the pool's connections.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class RunWriterTest {
  @Inject
  RunWriter writer;
  @Inject
  AgroalDataSource dataSource;

  @Test
  void readsTheRunLockedAtItsNextVersionWithTheParamsAskedFor() throws SQLException {
    String run = createRun(createExperiment(unique("writer")));
    post("/runs/log-batch", Map.of("run_id", run, "params", List.of(
        Map.of("key", "lr", "value", "0.1"), Map.of("key", "depth", "value", "3"))))
        .statusCode(200);
    long before = dataVersion(run);

    AtomicReference<Optional<LockedRun>> seen = new AtomicReference<>();
    writer.write(run, List.of("lr", "absent"), found -> {
      seen.set(found);
      return List.of(RunStore.tagsStatement(run, Map.of("note", "written")));
    });

    LockedRun locked = seen.get().orElseThrow();
    assertThat(locked.row().runUuid()).isEqualTo(run);
    assertThat(locked.row().lifecycleStage()).isEqualTo("active");
    assertThat(locked.row().dataVersion()).isEqualTo(before + 1);
    assertThat(locked.params()).isEqualTo(Map.of("lr", "0.1"));
    assertThat(dataVersion(run)).isEqualTo(before + 1);
    assertThat(tag(run, "note")).contains("written");
  }

  @Test
  void aRunThatIsNotThereIsEmpty() {
    AtomicReference<Optional<LockedRun>> seen = new AtomicReference<>();
    writer.write("0".repeat(32), List.of("p"), found -> {
      seen.set(found);
      return List.of();
    });
    assertThat(seen.get()).isEmpty();
  }

  @Test
  void aRefusedWriteChangesNothing() throws SQLException {
    String run = createRun(createExperiment(unique("refused")));
    long before = dataVersion(run);

    assertThatThrownBy(() -> writer.write(run, List.of(), found -> {
      throw MlflowException.invalidParameter("refused");
    })).isInstanceOf(MlflowException.class);

    assertThat(dataVersion(run)).isEqualTo(before);
  }

  @Test
  void aFailingStatementUndoesTheWholeWriteAndLeavesNoTransactionOpen() throws SQLException {
    String run = createRun(createExperiment(unique("failing")));
    long before = dataVersion(run);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> writer.write(run, List.of(), found -> List.of(
          RunStore.tagsStatement(run, Map.of("half", "written")),
          "INSERT INTO no_such_table VALUES (1)")))
          .hasRootCauseInstanceOf(SQLException.class);
    }
    assertThat(dataVersion(run)).isEqualTo(before);
    assertThat(tag(run, "half")).isEmpty();

    // Writes that follow take the same pooled connections. Had a failed write's transaction
    // stayed open on one, the next START TRANSACTION would have committed its first half.
    for (int i = 0; i < 10; i++) {
      writer.write(run, List.of(), found ->
          List.of(RunStore.tagsStatement(run, Map.of("after", "ok"))));
    }
    assertThat(tag(run, "half")).isEmpty();
    assertThat(tag(run, "after")).contains("ok");
    assertThat(dataVersion(run)).isEqualTo(before + 10);
    for (Connection c : borrowAll()) {
      try (c; PreparedStatement s = c.prepareStatement("SELECT @@in_transaction");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("a pooled connection's open transaction").isZero();
      }
    }
  }

  @Test
  void isItsOwnTransaction() {
    String run = createRun(createExperiment(unique("own")));
    QuarkusTransaction.requiringNew().run(() ->
        assertThatThrownBy(() -> writer.write(run, List.of(), found -> List.of()))
            .isInstanceOf(IllegalStateException.class));
  }

  private long dataVersion(String run) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT data_version FROM runs WHERE run_uuid = ?")) {
      s.setString(1, run);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Optional<String> tag(String run, String key) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT value FROM tags WHERE run_uuid = ? AND `key` = ?")) {
      s.setString(1, run);
      s.setString(2, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Every idle connection in the pool, the ones the writes above returned among them. */
  private List<Connection> borrowAll() throws SQLException {
    List<Connection> all = new ArrayList<>();
    long idle = dataSource.getMetrics().availableCount();
    for (long i = 0; i < idle; i++) {
      all.add(dataSource.getConnection());
    }
    return all;
  }
}
