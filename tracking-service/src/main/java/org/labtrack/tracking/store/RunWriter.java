package org.labtrack.tracking.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Creating, updating and logging to a run (metric points, params, tags), each as one transaction
 * in two round trips to the database, where a unit of work through {@link Transactions} takes
 * six or more: the JTA transaction's {@code SET autocommit} before and after, and a round trip
 * per statement. These are the requests a training script sends while it runs, and with the
 * database on another host every round trip is a network round trip.
 *
 * <p>The first round trip starts the transaction and reads what the caller decides on. For a
 * write to a run it locks the run by moving its data version, as {@link RunStore#lockForDataWrite}
 * does for every other writer of run data (writers of one run take turns), and reads the run and
 * the params already logged under the keys about to be logged; for a new run it reads the
 * experiment. The caller then either refuses (the transaction is rolled back) or hands back the
 * statements to run, which go in the second round trip, followed by {@code COMMIT}.
 *
 * <p>The transaction is written as SQL ({@code START TRANSACTION}, {@code COMMIT}) on a pooled
 * connection outside any JTA transaction; a connection whose transaction might still be open
 * after a failure is destroyed, never handed back to the pool.
 */
@ApplicationScoped
public class RunWriter {
  private static final Logger LOG = Logger.getLogger(RunWriter.class);

  /**
   * The run as the write found it, locked, at the data version this write moves it to;
   * {@code params}: the stored values of the keys asked for.
   */
  public record LockedRun(RunStore.RunRow row, Map<String, String> params) {
  }

  /** The experiment a new run goes into, as the write found it. */
  public record ExperimentRow(long id, String lifecycleStage, String artifactLocation) {
  }

  private final AgroalDataSource dataSource;
  private final Transactions tx;

  RunWriter(AgroalDataSource dataSource, Transactions tx) {
    this.dataSource = dataSource;
    this.tx = tx;
  }

  /**
   * Locks the run and reads it with the params under {@code paramKeys}, then runs the statements
   * {@code plan} answers and commits. {@code plan} gets an empty run when there is none, and
   * throws to refuse the write; it may be called again when the database asks for a retry.
   */
  public void write(String runUuid, Collection<String> paramKeys,
      Function<Optional<LockedRun>, List<String>> plan) {
    transact(c -> lock(c, runUuid, paramKeys), plan);
  }

  /**
   * Reads the experiment a new run goes into, locked against its deletion, then runs the
   * statements {@code plan} answers (the run's row and tags) and commits; {@code plan} as for
   * {@link #write}.
   */
  public void create(long experimentId, Function<Optional<ExperimentRow>, List<String>> plan) {
    transact(c -> experiment(c, experimentId), plan);
  }

  /** The first round trip: starts the transaction and reads what the plan decides on. */
  @FunctionalInterface
  private interface Start<T> {
    Optional<T> run(Connection c) throws SQLException;
  }

  private <T> void transact(Start<T> start, Function<Optional<T>, List<String>> plan) {
    if (tx.active()) {
      throw new IllegalStateException("a run write is its own transaction");
    }
    tx.retrying(() -> {
      attempt(start, plan);
      return null;
    });
  }

  private <T> void attempt(Start<T> start, Function<Optional<T>, List<String>> plan) {
    try (Connection c = dataSource.getConnection()) {
      try {
        List<String> statements = plan.apply(start.run(c));
        StringBuilder sql = new StringBuilder();
        for (String statement : statements) {
          sql.append(statement).append(";\n");
        }
        run(c, sql.append("COMMIT").toString());
      } catch (SQLException | RuntimeException e) {
        // a failing statement stops the text before COMMIT, and a refusal comes before it
        rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseError(e);
    }
  }

  private static Optional<ExperimentRow> experiment(Connection c, long experimentId)
      throws SQLException {
    // Shared lock until commit: an experiment being deleted (which locks it for update, then
    // marks its runs deleted) either waits for this run and deletes it too, or is seen deleted.
    try (PreparedStatement s = c.prepareStatement("START TRANSACTION; SELECT lifecycle_stage, "
        + "artifact_location FROM experiments WHERE experiment_id = ? LOCK IN SHARE MODE")) {
      s.setLong(1, experimentId);
      ExperimentRow[] found = new ExperimentRow[1];
      readResults(s, s.execute(), List.of(rs -> {
        if (rs.next()) {
          found[0] = new ExperimentRow(experimentId, rs.getString(1), rs.getString(2));
        }
      }));
      return Optional.ofNullable(found[0]);
    }
  }

  private static Optional<LockedRun> lock(Connection c, String runUuid,
      Collection<String> paramKeys) throws SQLException {
    if (!AsciiIds.storable(runUuid)) {
      return Optional.empty(); // no transaction was started; the rollback that follows is a no-op
    }
    StringBuilder sql = new StringBuilder("START TRANSACTION; "
        + "UPDATE runs SET data_version = data_version + 1 WHERE run_uuid = ?; "
        + "SELECT " + RunStore.rowColumns("runs") + " FROM runs WHERE run_uuid = ?");
    if (!paramKeys.isEmpty()) {
      sql.append("; SELECT `key`, value FROM params WHERE run_uuid = ? AND `key` IN (")
          .append("?, ".repeat(paramKeys.size() - 1)).append("?)");
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 0;
      s.setString(++i, runUuid);
      s.setString(++i, runUuid);
      if (!paramKeys.isEmpty()) {
        s.setString(++i, runUuid);
        for (String key : paramKeys) {
          s.setString(++i, key);
        }
      }
      List<ResultReader> readers = new ArrayList<>();
      LockedRun[] found = new LockedRun[1];
      Map<String, String> params = new HashMap<>();
      readers.add(rs -> {
        if (rs.next()) {
          found[0] = new LockedRun(RunStore.row(rs), params);
        }
      });
      readers.add(rs -> {
        while (rs.next()) {
          params.put(rs.getString(1), rs.getString(2));
        }
      });
      readResults(s, s.execute(), readers);
      return Optional.ofNullable(found[0]);
    }
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setEscapeProcessing(false);
      readResults(s, s.execute(sql), List.of());
    }
  }

  @FunctionalInterface
  private interface ResultReader {
    void read(ResultSet rs) throws SQLException;
  }

  /**
   * Walks every result of a multi-statement text, result sets to {@code readers} in order. A
   * failing statement is only reported when its result is reached, so none may be skipped.
   */
  private static void readResults(Statement s, boolean isResultSet, List<ResultReader> readers)
      throws SQLException {
    int read = 0;
    while (isResultSet || s.getUpdateCount() != -1) {
      if (isResultSet) {
        try (ResultSet rs = s.getResultSet()) {
          readers.get(read++).read(rs);
        }
      }
      isResultSet = s.getMoreResults();
    }
  }

  /**
   * Ends the transaction after a failure. When even that fails the connection's state is
   * unknown, so it is destroyed rather than returned to the pool with a transaction open.
   */
  private static void rollback(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      LOG.debugf(e, "Rollback failed; the connection is discarded");
      try {
        c.abort(Runnable::run);
      } catch (SQLException expected) {
        // Agroal marks the connection to be destroyed, and says so by throwing
      }
    }
  }

  /** A failed statement; {@link DatabaseFailures} reads the SQL state and error code within. */
  static final class DatabaseError extends RuntimeException {
    DatabaseError(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
