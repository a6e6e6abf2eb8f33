package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

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
    return AsciiIds.storable(runUuid) ? Optional.ofNullable(em.find(RunEntity.class, runUuid))
        : Optional.empty();
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
    if (!AsciiIds.storable(runUuid)) {
      return OptionalLong.empty();
    }
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
    return AsciiIds.storable(runUuid)
        && em.createNativeQuery("UPDATE runs SET data_version = data_version + 1 "
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
    queries.queryIn(sql, AsciiIds.storable(runUuids), rs -> out.add(mapper.map(rs)));
    return out;
  }

  public Optional<String> tagValue(String runUuid, String key) {
    if (!AsciiIds.storable(runUuid)) {
      return Optional.empty();
    }
    return RunTagEntity.<RunTagEntity>find("runUuid = ?1 and key = ?2", runUuid, key)
        .firstResultOptional().map(t -> t.value);
  }

  /** Sets tags, last value winning per key, inside a unit of work. */
  public void upsertTags(String runUuid, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    String sql = tagsStatement(runUuid, tags);
    queries.useConnection(c -> {
      try (Statement s = c.createStatement()) {
        s.setEscapeProcessing(false);
        s.executeUpdate(sql);
      }
    });
  }

  /**
   * The statement setting tags (a batch may repeat a key, as in MLflow: the map holds the last
   * value). Rows in key order, so every writer of a run locks them in the same order.
   */
  public static String tagsStatement(String runUuid, Map<String, String> tags) {
    // VALUES() in ON DUPLICATE KEY UPDATE is the form MySQL 8 and MariaDB both accept.
    return keyValueRows("INSERT INTO tags (run_uuid, `key`, value) VALUES", runUuid, tags)
        .sql(" ON DUPLICATE KEY UPDATE value = VALUES(value)");
  }

  /**
   * The statement adding params. A param already there is left alone (they are immutable): the
   * writer compared them before, under the run's lock ({@link RunWriter}).
   */
  public static String paramsStatement(String runUuid, Map<String, String> params) {
    return keyValueRows("INSERT INTO params (run_uuid, `key`, value) VALUES", runUuid, params)
        .sql(" ON DUPLICATE KEY UPDATE run_uuid = run_uuid");
  }

  /** The statement giving the run a new name (its {@code mlflow.runName} tag is set apart). */
  public static String renameStatement(String runUuid, String name) {
    return "UPDATE runs SET name = " + SqlRows.literal(name) + " WHERE run_uuid = "
        + SqlRows.plain(runUuid);
  }

  /** The statement inserting a new run. */
  public static String insertStatement(RunRow run) {
    return new SqlRows("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, "
        + "start_time, end_time, artifact_uri, lifecycle_stage, data_version) VALUES", 1).row()
        .text(run.runUuid()).number(run.experimentId()).string(run.name()).string(run.userId())
        .text(run.status()).nullableNumber(run.startTime()).nullableNumber(run.endTime())
        .string(run.artifactUri()).text(run.lifecycleStage()).number(run.dataVersion()).sql("");
  }

  /** The statement setting what runs/update changes. */
  public static String updateStatement(String runUuid, String status, Long endTime, String name) {
    return "UPDATE runs SET status = " + SqlRows.plain(status) + ", end_time = "
        + (endTime == null ? "NULL" : endTime.toString()) + ", name = "
        + SqlRows.literal(name) + " WHERE run_uuid = "
        + SqlRows.plain(runUuid);
  }

  private static SqlRows keyValueRows(String head, String runUuid, Map<String, String> pairs) {
    SqlRows rows = new SqlRows(head, pairs.size());
    new TreeMap<>(pairs).forEach((key, value) ->
        rows.row().text(runUuid).string(key).string(value));
    return rows;
  }

  public boolean deleteTag(String runUuid, String key) {
    return RunTagEntity.delete("runUuid = ?1 and key = ?2", runUuid, key) > 0;
  }
}
