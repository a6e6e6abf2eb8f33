package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Experiments and their tags. */
@ApplicationScoped
public class ExperimentStore {
  private final EntityManager em;
  private final NativeQueries queries;

  ExperimentStore(EntityManager em, NativeQueries queries) {
    this.em = em;
    this.queries = queries;
  }

  public Optional<ExperimentEntity> find(long id) {
    return Optional.ofNullable(em.find(ExperimentEntity.class, id));
  }

  /**
   * Locks the row for the rest of the transaction (lifecycle changes, renames). The lock is taken
   * with plain {@code FOR UPDATE}: Hibernate's MySQL 8 form ({@code FOR UPDATE OF alias}) is not
   * understood by MariaDB.
   */
  public Optional<ExperimentEntity> findForUpdate(long id) {
    List<?> locked = em.createNativeQuery(
            "SELECT experiment_id FROM experiments WHERE experiment_id = ?1 FOR UPDATE")
        .setParameter(1, id)
        .getResultList();
    return locked.isEmpty() ? Optional.empty() : find(id);
  }

  public Optional<ExperimentEntity> findByName(String name) {
    return ExperimentEntity.<ExperimentEntity>find("name", name).firstResultOptional();
  }

  /** Inserts and flushes, so the generated id is known and a duplicate name fails here. */
  public ExperimentEntity insert(ExperimentEntity experiment) {
    em.persist(experiment);
    em.flush();
    return experiment;
  }

  /**
   * Creates MLflow's default experiment {@code 0} unless it exists. Id 0 is only insertable with
   * NO_AUTO_VALUE_ON_ZERO; the session's mode is restored before the connection goes back.
   */
  public void ensureDefaultExperiment(String name, String artifactLocation, long now) {
    queries.useConnection(connection -> {
      String previousMode;
      try (var s = connection.createStatement();
          var rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
        rs.next();
        previousMode = rs.getString(1);
      }
      try (var s = connection.createStatement()) {
        s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
      }
      try (var insert = connection.prepareStatement("INSERT IGNORE INTO experiments "
          + "(experiment_id, name, artifact_location, lifecycle_stage, creation_time, "
          + "last_update_time) VALUES (0, ?, ?, 'active', ?, ?)")) {
        insert.setString(1, name);
        insert.setString(2, artifactLocation);
        insert.setLong(3, now);
        insert.setLong(4, now);
        insert.executeUpdate();
      } finally {
        try (var restore = connection.prepareStatement("SET SESSION sql_mode = ?")) {
          restore.setString(1, previousMode);
          restore.execute();
        }
      }
    });
  }

  /** Writes pending changes now, so a constraint violation surfaces inside the unit of work. */
  public void flush() {
    em.flush();
  }

  public List<ExperimentTagEntity> tags(long experimentId) {
    return ExperimentTagEntity.list("experimentId = ?1 order by key", experimentId);
  }

  public void upsertTag(long experimentId, String key, String value) {
    em.createNativeQuery("INSERT INTO experiment_tags (experiment_id, `key`, value) VALUES (?1, ?2, ?3) "
            + "ON DUPLICATE KEY UPDATE value = VALUES(value)")
        .setParameter(1, experimentId)
        .setParameter(2, key)
        .setParameter(3, value)
        .executeUpdate();
  }

  /** Returns whether a tag was there to delete. */
  public boolean deleteTag(long experimentId, String key) {
    return ExperimentTagEntity.delete("experimentId = ?1 and key = ?2", experimentId, key) > 0;
  }

  /**
   * Moves every run of the experiment to the given lifecycle stage, as MLflow does on delete and
   * restore; their data versions move with it (see V5's migration).
   */
  public void setRunsLifecycle(long experimentId, String stage, Long deletedTime) {
    em.createNativeQuery("UPDATE runs SET lifecycle_stage = ?1, deleted_time = ?2, "
            + "data_version = data_version + 1 WHERE experiment_id = ?3")
        .setParameter(1, stage)
        .setParameter(2, deletedTime)
        .setParameter(3, experimentId)
        .executeUpdate();
  }
}
