package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.labtrack.tracking.registry.domain.Stages;

/**
 * The rows a purge removes for good (runs, LoggedModels, experiments), and the artifact roots it
 * leaves pending (V10). Writes run
 * inside the caller's transaction; selections read without locks and are checked again under one.
 */
@ApplicationScoped
public class PurgeStore {
  private static final String DELETED = "deleted";

  private final EntityManager em;
  private final NativeQueries queries;

  PurgeStore(EntityManager em, NativeQueries queries) {
    this.em = em;
    this.queries = queries;
  }

  /** A run as a purge checks it: its stage, when it was deleted and where its files are. */
  public record RunState(String runId, long experimentId, String lifecycleStage, Long deletedTime,
      String artifactUri) {
  }

  /** A LoggedModel as a purge checks it; it is deleted at its last update. */
  public record ModelState(String lifecycleStage, long lastUpdatedTime,
      String artifactLocation) {
  }

  /** An experiment as a purge checks it. */
  public record ExperimentState(long experimentId, String lifecycleStage, long lastUpdateTime) {
  }

  /** An artifact root left by a purge whose files are not yet reported gone. */
  public record PendingArtifact(long id, String uri, String owner) {
  }

  /** The run, unlocked; for checking a request before anything is removed. */
  public Optional<RunState> run(String runId) {
    return runState(runId, "");
  }

  /** The run, locked against every writer until the transaction ends. */
  public Optional<RunState> lockRun(String runId) {
    return runState(runId, " FOR UPDATE");
  }

  public Optional<ExperimentState> experiment(long experimentId) {
    return experimentState(experimentId, "");
  }

  /** Locked exclusively: a restore waits, and so does every run purge that needs it deleted. */
  public Optional<ExperimentState> lockExperiment(long experimentId) {
    return experimentState(experimentId, " FOR UPDATE");
  }

  /** Locked shared, so a restore of the experiment waits for the run purge that relies on it. */
  public Optional<ExperimentState> shareExperiment(long experimentId) {
    return experimentState(experimentId, " LOCK IN SHARE MODE");
  }

  /**
   * Deleted runs deleted before {@code before} (any time when null): those a live model version
   * was registered from when {@code inUse}, else the others.
   */
  public List<String> deletedRuns(Long before, boolean inUse) {
    return deleted("runs", "run_uuid", "deleted_time", "run_id", before, inUse);
  }

  /** Deleted LoggedModels, as {@link #deletedRuns}; a model is deleted at its last update. */
  public List<String> deletedModels(Long before, boolean inUse) {
    return deleted("logged_models", "model_id", "last_updated_timestamp_ms", "model_id", before,
        inUse);
  }

  public Optional<ModelState> model(String modelId) {
    return modelState(modelId, "");
  }

  public Optional<ModelState> lockModel(String modelId) {
    return modelState(modelId, " FOR UPDATE");
  }

  /** Deleted experiments last changed before {@code before} (any time when null). */
  public List<Long> deletedExperiments(Long before) {
    var query = em.createNativeQuery("SELECT experiment_id FROM experiments "
            + "WHERE lifecycle_stage = ?1" + (before == null ? "" : " AND last_update_time < ?2")
            + " ORDER BY experiment_id")
        .setParameter(1, DELETED);
    if (before != null) {
      query.setParameter(2, before);
    }
    return query.getResultList().stream().map(id -> ((Number) id).longValue()).toList();
  }

  /** Every run of the experiment, whatever its stage. */
  public List<String> runsOf(long experimentId) {
    return em.createNativeQuery("SELECT run_uuid FROM runs WHERE experiment_id = ?1 "
            + "ORDER BY run_uuid")
        .setParameter(1, experimentId)
        .getResultList().stream().map(Object::toString).toList();
  }

  /**
   * A live model version registered from the run, or whose files are under the run's root, as
   * "'name' version n", if there is one.
   */
  public Optional<String> versionFromRun(String runId) {
    return firstVersion("(v.run_id = ?1 OR EXISTS (SELECT 1 FROM runs r WHERE r.run_uuid = ?1"
        + " AND " + under("r.artifact_uri") + "))", runId);
  }

  /** As {@link #versionFromRun}, for a LoggedModel. */
  public Optional<String> versionFromModel(String modelId) {
    return firstVersion("(v.model_id = ?1 OR EXISTS (SELECT 1 FROM logged_models m"
        + " WHERE m.model_id = ?1 AND " + under("m.artifact_location") + "))", modelId);
  }

  /** As {@link #versionFromRun}, for any run or LoggedModel of the experiment, or its root. */
  public Optional<String> versionFromExperiment(long experimentId) {
    return firstVersion("(v.run_id IN (SELECT run_uuid FROM runs WHERE experiment_id = ?1)"
        + " OR v.model_id IN (SELECT model_id FROM logged_models WHERE experiment_id = ?1)"
        + " OR EXISTS (SELECT 1 FROM experiments e WHERE e.experiment_id = ?1"
        + " AND " + under("e.artifact_location") + "))", experimentId);
  }

  /**
   * Whether a live version was registered from a path alone, naming neither run nor LoggedModel:
   * only then can a version depend on a run or model that {@link #deletedRuns} finds unused.
   */
  public boolean versionsByPath() {
    return !em.createNativeQuery("SELECT 1 FROM model_versions WHERE run_id IS NULL "
            + "AND model_id IS NULL AND current_stage <> ?1 LIMIT 1")
        .setParameter(1, Stages.DELETED_INTERNAL)
        .getResultList().isEmpty();
  }

  /**
   * Whether the version's files are {@code root} or below it: a version registered from a path
   * (not {@code runs:/}) names no run.
   */
  private static String under(String root) {
    return "(v.storage_location = " + root + " OR LEFT(v.storage_location, CHAR_LENGTH(" + root
        + ") + 1) = CONCAT(" + root + ", '/'))";
  }

  /** Where the experiment's LoggedModels keep their files. */
  public List<String> modelLocationsOf(long experimentId) {
    return em.createNativeQuery("SELECT artifact_location FROM logged_models "
            + "WHERE experiment_id = ?1 ORDER BY model_id")
        .setParameter(1, experimentId)
        .getResultList().stream().map(Object::toString).toList();
  }

  /**
   * Removes the run and everything it logged. Points and latest values have no foreign key (V1),
   * nor have dataset and model links; params and tags go with the run row.
   */
  public void deleteRun(String runId) {
    update("DELETE FROM metric_chunks WHERE run_uuid = ?1", runId);
    update("DELETE FROM latest_metrics WHERE run_uuid = ?1", runId);
    update("DELETE FROM inputs WHERE destination_type = 'RUN' AND destination_id = ?1", runId);
    update("DELETE FROM inputs WHERE source_type IN ('RUN_INPUT', 'RUN_OUTPUT') "
        + "AND source_id = ?1", runId);
    update("DELETE FROM runs WHERE run_uuid = ?1", runId);
  }

  /** Removes the LoggedModel: its params, tags and metrics go with it, its links here. */
  public void deleteModel(String modelId) {
    update("DELETE FROM inputs WHERE destination_type IN ('MODEL_INPUT', 'MODEL_OUTPUT') "
        + "AND destination_id = ?1", modelId);
    update("DELETE FROM logged_models WHERE model_id = ?1", modelId);
  }

  /**
   * Removes the experiment, which must have no runs left: its tags, datasets and LoggedModels go
   * with it (foreign keys), the links to its datasets and models here.
   */
  public void deleteExperiment(long experimentId) {
    update("DELETE i FROM inputs i JOIN datasets d ON i.source_type = 'DATASET' "
        + "AND i.source_id = d.dataset_uuid WHERE d.experiment_id = ?1", experimentId);
    update("DELETE i FROM inputs i JOIN logged_models m "
        + "ON i.destination_type IN ('MODEL_INPUT', 'MODEL_OUTPUT') "
        + "AND i.destination_id = m.model_id WHERE m.experiment_id = ?1", experimentId);
    update("DELETE FROM experiments WHERE experiment_id = ?1", experimentId);
  }

  public void addPending(String uri, String owner, long now) {
    em.createNativeQuery("INSERT INTO purged_artifacts (uri, owner, purged_time) "
            + "VALUES (?1, ?2, ?3)")
        .setParameter(1, uri)
        .setParameter(2, owner)
        .setParameter(3, now)
        .executeUpdate();
  }

  /** Pending roots after {@code afterId}, oldest first. */
  public List<PendingArtifact> pending(long afterId, int limit) {
    List<?> rows = em.createNativeQuery("SELECT id, uri, owner FROM purged_artifacts "
            + "WHERE id > ?1 ORDER BY id LIMIT ?2")
        .setParameter(1, afterId)
        .setParameter(2, limit)
        .getResultList();
    return rows.stream().map(r -> (Object[]) r)
        .map(r -> new PendingArtifact(((Number) r[0]).longValue(), (String) r[1], (String) r[2]))
        .toList();
  }

  /** Forgets pending roots whose files are gone; answers how many were pending. */
  public int removePending(Collection<Long> ids) {
    return queries.updateIn("DELETE FROM purged_artifacts WHERE id IN (%s)", ids);
  }

  private Optional<RunState> runState(String runId, String lock) {
    return AsciiIds.storable(runId) ? oneRow(r -> new RunState((String) r[0],
        ((Number) r[1]).longValue(), (String) r[2],
        r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4]),
        "SELECT run_uuid, experiment_id, lifecycle_stage, deleted_time, artifact_uri FROM runs "
            + "WHERE run_uuid = ?1" + lock, runId) : Optional.empty();
  }

  private Optional<ModelState> modelState(String modelId, String lock) {
    return AsciiIds.storable(modelId) ? oneRow(r -> new ModelState((String) r[0],
        ((Number) r[1]).longValue(), (String) r[2]),
        "SELECT lifecycle_stage, last_updated_timestamp_ms, artifact_location FROM logged_models "
            + "WHERE model_id = ?1" + lock, modelId) : Optional.empty();
  }

  private Optional<ExperimentState> experimentState(long experimentId, String lock) {
    return oneRow(r -> new ExperimentState(experimentId, (String) r[0],
        ((Number) r[1]).longValue()), "SELECT lifecycle_stage, last_update_time "
            + "FROM experiments WHERE experiment_id = ?1" + lock, experimentId);
  }

  /** The first row {@code sql} finds, {@code params} bound in order, read by {@code row}. */
  private <T> Optional<T> oneRow(Function<Object[], T> row, String sql, Object... params) {
    var query = em.createNativeQuery(sql);
    for (int i = 0; i < params.length; i++) {
      query.setParameter(i + 1, params[i]);
    }
    return query.getResultList().stream().map(r -> (Object[]) r).findFirst().map(row);
  }

  private Optional<String> firstVersion(String condition, Object owner) {
    return oneRow(r -> "'" + r[0] + "' version " + r[1], "SELECT v.name, v.version "
        + "FROM model_versions v WHERE " + condition + " AND v.current_stage <> ?2 "
        + "ORDER BY v.name, v.version LIMIT 1", owner, Stages.DELETED_INTERNAL);
  }


  /** Ids of deleted rows of {@code table}; {@code versionColumn} names them in model_versions. */
  private List<String> deleted(String table, String id, String deletedAt, String versionColumn,
      Long before, boolean inUse) {
    return ids("SELECT o." + id + " FROM " + table + " o WHERE o.lifecycle_stage = ?1"
        + (before == null ? "" : " AND o." + deletedAt + " < ?3")
        + (inUse ? " AND" : " AND NOT") + " EXISTS (SELECT 1 FROM model_versions v WHERE v."
        + versionColumn + " = o." + id + " AND v.current_stage <> ?2) ORDER BY o." + id, before);
  }

  private List<String> ids(String sql, Long before) {
    var query = em.createNativeQuery(sql)
        .setParameter(1, DELETED)
        .setParameter(2, Stages.DELETED_INTERNAL);
    if (before != null) {
      query.setParameter(3, before);
    }
    return query.getResultList().stream().map(Object::toString).toList();
  }

  private void update(String sql, Object id) {
    em.createNativeQuery(sql).setParameter(1, id).executeUpdate();
  }
}
