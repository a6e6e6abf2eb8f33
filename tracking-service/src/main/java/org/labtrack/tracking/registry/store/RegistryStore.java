package org.labtrack.tracking.registry.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.labtrack.tracking.store.NativeQueries;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.registry.domain.Stages;
import org.labtrack.tracking.registry.domain.search.Clause;
import org.labtrack.tracking.registry.domain.search.RegistrySearch;
import org.labtrack.tracking.registry.domain.search.SortKey;

/**
 * Registered models, their versions, tags and aliases. Rows are read through Panache; tags and
 * aliases are written with single-statement upserts, locks are taken with plain
 * {@code SELECT ... FOR UPDATE} (the spelling MySQL 8 and MariaDB share).
 */
@ApplicationScoped
public class RegistryStore {

  private final EntityManager em;
  private final NativeQueries queries;

  RegistryStore(EntityManager em, NativeQueries queries) {
    this.em = em;
    this.queries = queries;
  }

  /** A version's key. */
  public record VersionKey(String name, int version) {
  }

  // ---- registered models

  public Optional<RegisteredModelEntity> findModel(String name) {
    return Optional.ofNullable(em.find(RegisteredModelEntity.class, name));
  }

  /**
   * Locks the model row for the rest of the transaction. Every writer of a model's versions takes
   * this lock first, which is what serialises version numbering.
   */
  public Optional<RegisteredModelEntity> lockModel(String name) {
    List<?> locked = em.createNativeQuery(
            "SELECT name FROM registered_models WHERE name = ?1 FOR UPDATE")
        .setParameter(1, name)
        .getResultList();
    return locked.isEmpty() ? Optional.empty() : findModel(name);
  }

  /** Read-only (detached), for answers; plain JDBC like every read of a page by keys. */
  public List<RegisteredModelEntity> findModels(Collection<String> names) {
    List<RegisteredModelEntity> models = new ArrayList<>();
    queries.queryIn("SELECT name, creation_time, last_updated_time, description "
        + "FROM registered_models WHERE name IN (%s)", names, rs -> {
          RegisteredModelEntity m = new RegisteredModelEntity();
          m.name = rs.getString(1);
          m.creationTime = rs.getObject(2, Long.class);
          m.lastUpdatedTime = rs.getObject(3, Long.class);
          m.description = rs.getString(4);
          models.add(m);
        });
    return models;
  }

  /** Inserts and flushes, so a duplicate name fails inside the unit of work. */
  public void insertModel(RegisteredModelEntity model) {
    em.persist(model);
    em.flush();
  }

  /**
   * Renames a model; versions, tags and aliases follow through ON UPDATE CASCADE. The versions'
   * update time moves too, as in MLflow.
   */
  public void renameModel(String name, String newName, long now) {
    em.flush();
    em.createNativeQuery("UPDATE registered_models SET name = ?1, last_updated_time = ?2 "
            + "WHERE name = ?3")
        .setParameter(1, newName).setParameter(2, now).setParameter(3, name).executeUpdate();
    em.createNativeQuery("UPDATE model_versions SET last_updated_time = ?1 WHERE name = ?2")
        .setParameter(1, now).setParameter(2, newName).executeUpdate();
    em.clear();
  }

  public void deleteModel(String name) {
    em.flush();
    em.createNativeQuery("DELETE FROM registered_models WHERE name = ?1")
        .setParameter(1, name).executeUpdate();
    em.clear();
  }

  public void touchModel(String name, long now) {
    em.createNativeQuery("UPDATE registered_models SET last_updated_time = ?1 WHERE name = ?2")
        .setParameter(1, now).setParameter(2, name).executeUpdate();
  }

  public void upsertModelTag(String name, String key, String value) {
    em.createNativeQuery("INSERT INTO registered_model_tags (name, `key`, value) "
            + "VALUES (?1, ?2, ?3) ON DUPLICATE KEY UPDATE value = VALUES(value)")
        .setParameter(1, name).setParameter(2, key).setParameter(3, value).executeUpdate();
  }

  public boolean deleteModelTag(String name, String key) {
    return em.createNativeQuery("DELETE FROM registered_model_tags WHERE name = ?1 AND `key` = ?2")
        .setParameter(1, name).setParameter(2, key).executeUpdate() > 0;
  }

  public Map<String, List<Tag>> modelTags(Collection<String> names) {
    Map<String, List<Tag>> tags = new HashMap<>();
    queries.queryIn("SELECT name, `key`, value FROM registered_model_tags WHERE name IN (%s) "
        + "ORDER BY name, `key`", names, rs -> tags.computeIfAbsent(rs.getString(1),
            k -> new ArrayList<>()).add(new Tag(rs.getString(2), rs.getString(3))));
    return tags;
  }

  // ---- aliases

  public void upsertAlias(String name, String alias, int version) {
    em.createNativeQuery("INSERT INTO registered_model_aliases (name, alias, version) "
            + "VALUES (?1, ?2, ?3) ON DUPLICATE KEY UPDATE version = VALUES(version)")
        .setParameter(1, name).setParameter(2, alias).setParameter(3, version).executeUpdate();
  }

  public void deleteAlias(String name, String alias) {
    em.createNativeQuery("DELETE FROM registered_model_aliases WHERE name = ?1 AND alias = ?2")
        .setParameter(1, name).setParameter(2, alias).executeUpdate();
  }

  public void deleteAliasesOf(String name, int version) {
    em.createNativeQuery("DELETE FROM registered_model_aliases WHERE name = ?1 AND version = ?2")
        .setParameter(1, name).setParameter(2, version).executeUpdate();
  }

  public Optional<Integer> aliasVersion(String name, String alias) {
    List<?> rows = em.createNativeQuery("SELECT version FROM registered_model_aliases "
            + "WHERE name = ?1 AND alias = ?2")
        .setParameter(1, name).setParameter(2, alias).getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(((Number) rows.get(0)).intValue());
  }

  /** Aliases per model name, each as (alias, version), ordered by alias. */
  public Map<String, Map<String, Integer>> aliases(Collection<String> names) {
    Map<String, Map<String, Integer>> aliases = new HashMap<>();
    queries.queryIn("SELECT name, alias, version FROM registered_model_aliases WHERE name IN (%s) "
        + "ORDER BY name, alias", names, rs -> aliases.computeIfAbsent(rs.getString(1),
            k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3)));
    return aliases;
  }

  // ---- versions

  /** A version that is not deleted. */
  public Optional<ModelVersionEntity> findVersion(String name, int version) {
    ModelVersionEntity found = em.find(ModelVersionEntity.class,
        new ModelVersionEntity.Key(name, version));
    return found == null || Stages.DELETED_INTERNAL.equals(found.currentStage)
        ? Optional.empty() : Optional.of(found);
  }

  /** The highest number ever given to a version of the model, deleted ones included. */
  public int maxVersion(String name) {
    Object max = em.createNativeQuery("SELECT MAX(version) FROM model_versions WHERE name = ?1")
        .setParameter(1, name).getSingleResult();
    return max == null ? 0 : ((Number) max).intValue();
  }

  public void insertVersion(ModelVersionEntity version) {
    em.persist(version);
    em.flush();
  }

  /** Versions in the given order; missing or deleted ones are skipped. */
  public List<ModelVersionEntity> findVersions(List<VersionKey> keys) {
    Map<String, List<Integer>> byName = new LinkedHashMap<>();
    keys.forEach(k -> byName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k.version()));
    Map<VersionKey, ModelVersionEntity> found = new HashMap<>();
    byName.forEach((name, versions) -> {
      queries.queryIn("SELECT name, version, creation_time, last_updated_time, description, "
          + "user_id, current_stage, source, storage_location, run_id, run_link, status, "
          + "status_message, model_id FROM model_versions WHERE name = ? AND version IN (%s)",
          List.of(name), versions, List.of(), rs -> {
            ModelVersionEntity v = new ModelVersionEntity();
            v.name = rs.getString(1);
            v.version = rs.getInt(2);
            v.creationTime = rs.getObject(3, Long.class);
            v.lastUpdatedTime = rs.getObject(4, Long.class);
            v.description = rs.getString(5);
            v.userId = rs.getString(6);
            v.currentStage = rs.getString(7);
            v.source = rs.getString(8);
            v.storageLocation = rs.getString(9);
            v.runId = rs.getString(10);
            v.runLink = rs.getString(11);
            v.status = rs.getString(12);
            v.statusMessage = rs.getString(13);
            v.modelId = rs.getString(14);
            found.put(new VersionKey(v.name, v.version), v);
          });
    });
    return keys.stream().map(found::get)
        .filter(v -> v != null && !Stages.DELETED_INTERNAL.equals(v.currentStage)).toList();
  }

  /** Moves every other version of the model in {@code stage} to Archived. */
  public void archiveOthersInStage(String name, int version, String stage, long now) {
    em.flush();
    em.createNativeQuery("UPDATE model_versions SET current_stage = ?1, last_updated_time = ?2 "
            + "WHERE name = ?3 AND version <> ?4 AND current_stage = ?5")
        .setParameter(1, Stages.ARCHIVED).setParameter(2, now).setParameter(3, name)
        .setParameter(4, version).setParameter(5, stage).executeUpdate();
  }

  /**
   * The newest version per stage of each model, stages in MLflow's order (by the lowest version
   * that is in the stage, which is the order its ORM walks the versions in).
   */
  public Map<String, List<VersionKey>> latestPerStage(Collection<String> names) {
    Map<String, List<long[]>> rows = new HashMap<>();
    queries.queryIn("SELECT name, MIN(version), MAX(version) FROM model_versions WHERE name IN (%s) "
        + "AND current_stage <> ? GROUP BY name, current_stage", List.of(), names,
        List.of(Stages.DELETED_INTERNAL), rs -> rows.computeIfAbsent(rs.getString(1),
            k -> new ArrayList<>()).add(new long[] {rs.getInt(2), rs.getInt(3)}));
    Map<String, List<VersionKey>> latest = new HashMap<>();
    rows.forEach((name, stages) -> latest.put(name, stages.stream()
        .sorted((a, b) -> Long.compare(a[0], b[0]))
        .map(s -> new VersionKey(name, (int) s[1])).toList()));
    return latest;
  }

  public void upsertVersionTag(String name, int version, String key, String value) {
    em.createNativeQuery("INSERT INTO model_version_tags (name, version, `key`, value) "
            + "VALUES (?1, ?2, ?3, ?4) ON DUPLICATE KEY UPDATE value = VALUES(value)")
        .setParameter(1, name).setParameter(2, version).setParameter(3, key)
        .setParameter(4, value).executeUpdate();
  }

  public void deleteVersionTag(String name, int version, String key) {
    em.createNativeQuery("DELETE FROM model_version_tags WHERE name = ?1 AND version = ?2 "
            + "AND `key` = ?3")
        .setParameter(1, name).setParameter(2, version).setParameter(3, key).executeUpdate();
  }

  public Map<VersionKey, List<Tag>> versionTags(Collection<VersionKey> keys) {
    Map<VersionKey, List<Tag>> tags = new HashMap<>();
    Map<String, List<Integer>> byName = new HashMap<>();
    keys.forEach(k -> byName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k.version()));
    byName.forEach((name, versions) -> {
      queries.queryIn("SELECT version, `key`, value FROM model_version_tags WHERE name = ? "
          + "AND version IN (%s) ORDER BY version, `key`", List.of(name), versions, List.of(),
          rs -> tags.computeIfAbsent(new VersionKey(name, rs.getInt(1)), k -> new ArrayList<>())
              .add(new Tag(rs.getString(2), rs.getString(3))));
    });
    return tags;
  }

  // ---- search

  /** Names of the models matching the clauses, in the given order, one page of them. */
  public List<String> searchModels(List<Clause> clauses, boolean queriesPrompts,
      List<SortKey> order, long offset, int limit) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT rm.name FROM registered_models rm WHERE 1 = 1");
    Map<String, List<Clause>> tagClauses = new LinkedHashMap<>();
    for (Clause c : clauses) {
      if (c.kind() == Clause.Kind.ATTRIBUTE) {
        sql.append(" AND ").append(SqlConditions.compare("rm.name", true, c.comparator(),
            c.value(), params));
      } else {
        tagClauses.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
    }
    if (!queriesPrompts) {
      tagClauses.remove(RegistrySearch.IS_PROMPT_TAG);
      sql.append(" AND rm.name NOT IN (SELECT p.name FROM registered_model_tags p WHERE ")
          .append(promptCondition("p", params)).append(")");
    }
    tagClauses.forEach((key, conditions) -> sql.append(" AND EXISTS (SELECT 1 FROM "
        + "registered_model_tags t WHERE t.name = rm.name AND ")
        .append(tagCondition("t", key, conditions, params)).append(")"));
    sql.append(orderBy("rm", order));
    sql.append(" LIMIT ? OFFSET ?");
    params.add(limit);
    params.add(offset);
    List<String> names = new ArrayList<>();
    queries.query(sql.toString(), params, rs -> names.add(rs.getString(1)));
    return names;
  }

  /** Keys of the (not deleted) versions matching the clauses, in order, one page of them. */
  public List<VersionKey> searchVersions(List<Clause> clauses, boolean queriesPrompts,
      List<SortKey> order, long offset, int limit) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder(
        "SELECT mv.name, mv.version FROM model_versions mv WHERE mv.current_stage <> ?");
    params.add(Stages.DELETED_INTERNAL);
    Map<String, List<Clause>> tagClauses = new LinkedHashMap<>();
    for (Clause c : clauses) {
      if (c.kind() == Clause.Kind.ATTRIBUTE) {
        String column = switch (c.key()) {
          case "version_number" -> "mv.version";
          case "source_path" -> "mv.source";
          case "run_id" -> "mv.run_id";
          default -> "mv.name";
        };
        sql.append(" AND ").append(SqlConditions.compare(column, !column.equals("mv.version"),
            c.comparator(), c.value(), params));
      } else {
        tagClauses.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
    }
    if (!queriesPrompts) {
      tagClauses.remove(RegistrySearch.IS_PROMPT_TAG);
      sql.append(" AND mv.name NOT IN (SELECT p.name FROM model_version_tags p WHERE ")
          .append(promptCondition("p", params)).append(")");
    }
    tagClauses.forEach((key, conditions) -> sql.append(" AND EXISTS (SELECT 1 FROM "
        + "model_version_tags t WHERE t.name = mv.name AND t.version = mv.version AND ")
        .append(tagCondition("t", key, conditions, params)).append(")"));
    sql.append(orderBy("mv", order));
    sql.append(" LIMIT ? OFFSET ?");
    params.add(limit);
    params.add(offset);
    List<VersionKey> keys = new ArrayList<>();
    queries.query(sql.toString(), params, rs -> keys.add(new VersionKey(rs.getString(1), rs.getInt(2))));
    return keys;
  }

  private static String tagCondition(String alias, String key, List<Clause> conditions,
      List<Object> params) {
    StringBuilder sql = new StringBuilder(
        SqlConditions.compare(alias + ".`key`", true, "=", key, params));
    for (Clause c : conditions) {
      sql.append(" AND ").append(SqlConditions.compare(alias + ".value", true, c.comparator(),
          c.value(), params));
    }
    return sql.toString();
  }

  private static String promptCondition(String alias, List<Object> params) {
    return SqlConditions.compare(alias + ".`key`", true, "=", RegistrySearch.IS_PROMPT_TAG, params)
        + " AND " + SqlConditions.compare(alias + ".value", true, "=", "true", params);
  }

  private static String orderBy(String alias, List<SortKey> order) {
    return order.stream().map(k -> alias + "." + k.column() + (k.ascending() ? " ASC" : " DESC"))
        .collect(Collectors.joining(", ", " ORDER BY ", ""));
  }


}
