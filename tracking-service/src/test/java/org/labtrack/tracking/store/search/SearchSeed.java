package org.labtrack.tracking.store.search;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Writes search fixtures straight into the schema with JDBC (the entities are not ours). */
final class SearchSeed {
  private static final AtomicLong RUN_COUNTER = new AtomicLong();
  private final AgroalDataSource ds;

  SearchSeed(AgroalDataSource ds) {
    this.ds = ds;
  }

  /** A fresh 32-char lower-case hex run id that sorts after ids made earlier in this JVM. */
  static String runId(String label) {
    String hex = Long.toHexString(RUN_COUNTER.incrementAndGet());
    String tail = UUID.nameUUIDFromBytes(label.getBytes()).toString().replace("-", "");
    return ("0".repeat(12 - hex.length()) + hex + tail).substring(0, 32);
  }

  long experiment(String name, long creationTime, long lastUpdateTime, String stage) {
    return insertReturningId("INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
        + "creation_time, last_update_time) VALUES (?, NULL, ?, ?, ?)",
        name, stage, creationTime, lastUpdateTime);
  }

  long experiment(String name) {
    return experiment(name, 1, 1, "active");
  }

  void run(long experimentId, String runId, String name, String user, String status,
      Long startTime, Long endTime, String stage) {
    exec("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, "
        + "lifecycle_stage, artifact_uri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        runId, experimentId, name, user, status, startTime, endTime, stage,
        "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
  }

  /** An active FINISHED run by "alice" started at {@code startTime}, named by its mlflow.runName tag too. */
  String run(long experimentId, String name, long startTime) {
    String id = runId(name);
    run(experimentId, id, name, "alice", "FINISHED", startTime, null, "active");
    tag(id, "mlflow.runName", name);
    return id;
  }

  void metric(String runId, String key, double value) {
    boolean nan = Double.isNaN(value);
    exec("INSERT INTO latest_metrics (run_uuid, `key`, value, timestamp, step, is_nan) "
        + "VALUES (?, ?, ?, 0, 0, ?)", runId, key, nan ? 0.0 : value, nan);
  }

  void param(String runId, String key, String value) {
    exec("INSERT INTO params (run_uuid, `key`, value) VALUES (?, ?, ?)", runId, key, value);
  }

  void tag(String runId, String key, String value) {
    exec("INSERT INTO tags (run_uuid, `key`, value) VALUES (?, ?, ?)", runId, key, value);
  }

  void experimentTag(long experimentId, String key, String value) {
    exec("INSERT INTO experiment_tags (experiment_id, `key`, value) VALUES (?, ?, ?)",
        experimentId, key, value);
  }

  /** A dataset of the experiment, used as input of the run, with an optional context tag. */
  void input(long experimentId, String runId, String name, String digest, String context) {
    String datasetUuid = UUID.nameUUIDFromBytes((experimentId + name + digest).getBytes()).toString();
    exec("INSERT IGNORE INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type,"
        + " dataset_source) VALUES (?, ?, ?, ?, 'local', '{}')", datasetUuid, experimentId, name, digest);
    String inputUuid = UUID.randomUUID().toString();
    exec("INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id)"
        + " VALUES (?, 'DATASET', ?, 'RUN', ?)", inputUuid, datasetUuid, runId);
    if (context != null) {
      exec("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, 'mlflow.data.context', ?)",
          inputUuid, context);
    }
  }

  /** Runs (id, experiment id, start time), active, FINISHED, unnamed, in one batched transaction. */
  void runs(List<Object[]> rows) {
    batch("INSERT INTO runs (run_uuid, experiment_id, user_id, status, start_time, lifecycle_stage) "
        + "VALUES (?, ?, 'u', 'FINISHED', ?, 'active')", rows);
  }

  /** Latest metrics (run id, key, value; NaN allowed) in one batched transaction. */
  void metrics(List<Object[]> rows) {
    batch("INSERT INTO latest_metrics (run_uuid, `key`, value, timestamp, step, is_nan) "
        + "VALUES (?, ?, ?, 0, 0, ?)", rows.stream().map(r -> {
          double v = (Double) r[2];
          return new Object[] {r[0], r[1], Double.isNaN(v) ? 0.0 : v, Double.isNaN(v)};
        }).toList());
  }

  void batch(String sql, List<Object[]> rows) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement st = c.prepareStatement(sql)) {
        int n = 0;
        for (Object[] row : rows) {
          for (int i = 0; i < row.length; i++) {
            st.setObject(i + 1, row[i]);
          }
          st.addBatch();
          if (++n % 2000 == 0) {
            st.executeBatch();
          }
        }
        st.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void exec(String sql, Object... params) {
    try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long insertReturningId(String sql, Object... params) {
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
      try (var keys = st.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
