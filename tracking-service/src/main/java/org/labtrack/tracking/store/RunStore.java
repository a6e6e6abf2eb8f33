package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Runs with their tags and params. Child rows are written with single-statement upserts. */
@ApplicationScoped
public class RunStore {

  private final EntityManager em;
  private final NativeQueries queries;

  RunStore(EntityManager em, NativeQueries queries) {
    this.em = em;
    this.queries = queries;
  }

  public Optional<RunEntity> find(String runUuid) {
    return Optional.ofNullable(em.find(RunEntity.class, runUuid));
  }

  /** What a writer of run data needs to know about the run, and the version its write made. */
  public record WriteState(long experimentId, String lifecycleStage, long dataVersion) {
  }

  /**
   * Locks the run for a change to its data and moves its data version (see V5's migration):
   * writers of one run take turns, nothing is written to a run that is being deleted, and
   * readers stop serving the run's cached answer once the change commits.
   */
  public Optional<WriteState> lockForDataWrite(String runUuid) {
    if (!moveDataVersion(runUuid)) {
      return Optional.empty();
    }
    // the row is ours (locked) from here on, so it is there to read
    Object[] row = (Object[]) em.createNativeQuery("SELECT experiment_id, lifecycle_stage, "
            + "data_version FROM runs WHERE run_uuid = ?1")
        .setParameter(1, runUuid)
        .getSingleResult();
    return Optional.of(new WriteState(((Number) row[0]).longValue(), (String) row[1],
        ((Number) row[2]).longValue()));
  }

  /** The run's data version as committed (see V5's migration); empty when there is no run. */
  public OptionalLong dataVersion(String runUuid) {
    List<?> found = em.createNativeQuery("SELECT data_version FROM runs WHERE run_uuid = ?1")
        .setParameter(1, runUuid)
        .getResultList();
    return found.isEmpty() ? OptionalLong.empty()
        : OptionalLong.of(((Number) found.get(0)).longValue());
  }

  /** Locks the run row for a change to the run itself, moving its data version likewise. */
  public Optional<RunEntity> findForUpdate(String runUuid) {
    return moveDataVersion(runUuid) ? find(runUuid) : Optional.empty();
  }

  /** Takes the run's row lock by moving its data version; false when there is no such run. */
  private boolean moveDataVersion(String runUuid) {
    return em.createNativeQuery("UPDATE runs SET data_version = data_version + 1 "
            + "WHERE run_uuid = ?1")
        .setParameter(1, runUuid)
        .executeUpdate() > 0;
  }

  /**
   * A run as answers show it, with the data version it was read at: read first, so the child
   * rows read after it are at least as new as that version.
   */
  public record RunRow(String runUuid, long experimentId, String name, String userId,
      String status, Long startTime, Long endTime, String artifactUri, String lifecycleStage,
      long dataVersion) {
  }

  /** One tag or param of a run. */
  public record KeyValue(String runUuid, String key, String value) {
  }

  /**
   * The given runs, read with plain JDBC: a search answer holds thousands of child rows, and as
   * entities their query translation and bookkeeping cost more than the rest of the request.
   */
  public List<RunRow> rows(Collection<String> runUuids) {
    return select("SELECT " + rowColumns("runs") + " FROM runs WHERE run_uuid IN (%s)",
        runUuids, RunStore::row);
  }

  /** The columns {@link #row} reads, in order. */
  private static final List<String> ROW_COLUMNS = List.of("run_uuid", "experiment_id", "name",
      "user_id", "status", "start_time", "end_time", "artifact_uri", "lifecycle_stage",
      "data_version");
  /** How many columns {@link #rowColumns} selects. */
  public static final int ROW_COLUMN_COUNT = ROW_COLUMNS.size();

  /** The columns {@link #row} reads, of the runs table under this alias. */
  public static String rowColumns(String alias) {
    return String.join(", ", ROW_COLUMNS.stream().map(c -> alias + "." + c).toList());
  }

  /** A run from the first columns of the current row, selected as {@link #rowColumns}. */
  public static RunRow row(ResultSet rs) throws SQLException {
    return new RunRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getObject(6, Long.class), rs.getObject(7, Long.class),
        rs.getString(8), rs.getString(9), rs.getLong(10));
  }

  /** The runs' tags, by run and key (read along the key: {@link NativeQueries#BY_PRIMARY_KEY}). */
  public List<KeyValue> tags(Collection<String> runUuids) {
    return select("SELECT run_uuid, `key`, value FROM tags " + NativeQueries.BY_PRIMARY_KEY
        + " WHERE run_uuid IN (%s) "
        + "ORDER BY run_uuid, `key`", runUuids, KEY_VALUE);
  }

  /** The runs' params, by run and key. */
  public List<KeyValue> params(Collection<String> runUuids) {
    return select("SELECT run_uuid, `key`, value FROM params " + NativeQueries.BY_PRIMARY_KEY
        + " WHERE run_uuid IN (%s) "
        + "ORDER BY run_uuid, `key`", runUuids, KEY_VALUE);
  }

  /** Reads one row into a value. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static final RowMapper<KeyValue> KEY_VALUE =
      rs -> new KeyValue(rs.getString(1), rs.getString(2), rs.getString(3));

  /** Runs {@code sql} (an IN list at {@code %s}) over the ids, a chunk at a time. */
  private <T> List<T> select(String sql, Collection<String> runUuids, RowMapper<T> mapper) {
    List<T> out = new ArrayList<>();
    queries.queryIn(sql, runUuids, rs -> out.add(mapper.map(rs)));
    return out;
  }

  /** Inserts at once: the JDBC writes of tags that follow need the row in place. */
  public void insert(RunEntity run) {
    em.persist(run);
    em.flush();
  }

  public Optional<String> tagValue(String runUuid, String key) {
    return RunTagEntity.<RunTagEntity>find("runUuid = ?1 and key = ?2", runUuid, key)
        .firstResultOptional().map(t -> t.value);
  }

  /** Sets tags, last value winning per key (a batch may repeat a key, as in MLflow). */
  public void upsertTags(String runUuid, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    // VALUES() in ON DUPLICATE KEY UPDATE is the form MySQL 8 and MariaDB both accept.
    batch("INSERT INTO tags (run_uuid, `key`, value) VALUES (?, ?, ?) "
        + "ON DUPLICATE KEY UPDATE value = VALUES(value)", runUuid, tags);
  }

  /**
   * Inserts params that are not there yet and returns the values stored for those keys
   * afterwards. Existing params are left alone (they are immutable); the caller compares, so a
   * concurrent writer of a different value is caught, not silently ignored.
   */
  public Map<String, String> insertParams(String runUuid, Map<String, String> params) {
    if (params.isEmpty()) {
      return Map.of();
    }
    batch("INSERT INTO params (run_uuid, `key`, value) VALUES (?, ?, ?) "
        + "ON DUPLICATE KEY UPDATE run_uuid = run_uuid", runUuid, params);
    Map<String, String> stored = new HashMap<>();
    queries.queryIn("SELECT `key`, value FROM params WHERE run_uuid = ? AND `key` IN (%s)",
        List.of(runUuid), params.keySet(), List.of(),
        rs -> stored.put(rs.getString(1), rs.getString(2)));
    return stored;
  }

  public boolean deleteTag(String runUuid, String key) {
    return RunTagEntity.delete("runUuid = ?1 and key = ?2", runUuid, key) > 0;
  }

  private void batch(String sql, String runUuid, Map<String, String> pairs) {
    queries.useConnection(connection -> {
      try (var statement = connection.prepareStatement(sql)) {
        // sorted keys give every writer the same lock order
        for (var entry : new java.util.TreeMap<>(pairs).entrySet()) {
          statement.setString(1, runUuid);
          statement.setString(2, entry.getKey());
          statement.setString(3, entry.getValue());
          statement.addBatch();
        }
        statement.executeBatch();
      }
    });
  }
}
