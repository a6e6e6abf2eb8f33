package org.labtrack.tracking.loggedmodel.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.loggedmodel.domain.LoggedModel;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.Comparison;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.DatasetFilter;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.OrderBy;
import org.labtrack.tracking.store.AsciiIds;
import org.labtrack.tracking.store.NativeQueries;
import org.labtrack.tracking.store.RunWriter;
import org.labtrack.tracking.store.SqlRows;
import org.labtrack.tracking.registry.store.SqlConditions;

/**
 * LoggedModels with their params, tags and linked metrics, and the runs' outputs and inputs that
 * point at them (rows of the shared {@code inputs} table, as MLflow keeps them).
 */
@ApplicationScoped
public class LoggedModelStore {
  static final String RUN_OUTPUT = "RUN_OUTPUT";
  static final String MODEL_OUTPUT = "MODEL_OUTPUT";
  static final String RUN_INPUT = "RUN_INPUT";
  static final String MODEL_INPUT = "MODEL_INPUT";

  private final EntityManager em;
  private final NativeQueries queries;

  LoggedModelStore(EntityManager em, NativeQueries queries) {
    this.em = em;
    this.queries = queries;
  }

  /** A run's output: the model it produced and at which step. */
  public record Output(String modelId, long step) {
  }

  /** The models a run took as input (ids) and produced. */
  public record RunModels(List<String> inputs, List<Output> outputs) {
    public static final RunModels NONE = new RunModels(List.of(), List.of());
  }

  public Optional<LoggedModelEntity> find(String modelId) {
    return AsciiIds.storable(modelId)
        ? Optional.ofNullable(em.find(LoggedModelEntity.class, modelId)) : Optional.empty();
  }

  /** Locks the model row (plain FOR UPDATE, which MySQL 8 and MariaDB share). */
  public Optional<LoggedModelEntity> findForUpdate(String modelId) {
    if (!AsciiIds.storable(modelId)) {
      return Optional.empty();
    }
    List<?> locked = em.createNativeQuery(
            "SELECT model_id FROM logged_models WHERE model_id = ?1 FOR UPDATE")
        .setParameter(1, modelId).getResultList();
    return locked.isEmpty() ? Optional.empty() : find(modelId);
  }

  /** Read-only (detached), for answers; plain JDBC like every read of a page by keys. */
  public List<LoggedModelEntity> findAll(Collection<String> modelIds) {
    List<LoggedModelEntity> models = new ArrayList<>();
    queries.queryIn("SELECT model_id, experiment_id, name, artifact_location, "
        + "creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, "
        + "model_type, source_run_id, status_message FROM logged_models WHERE model_id IN (%s)",
        AsciiIds.storable(modelIds), rs -> {
          LoggedModelEntity m = new LoggedModelEntity();
          m.modelId = rs.getString(1);
          m.experimentId = rs.getLong(2);
          m.name = rs.getString(3);
          m.artifactLocation = rs.getString(4);
          m.creationTimestampMs = rs.getLong(5);
          m.lastUpdatedTimestampMs = rs.getLong(6);
          m.status = rs.getInt(7);
          m.lifecycleStage = rs.getString(8);
          m.modelType = rs.getString(9);
          m.sourceRunId = rs.getString(10);
          m.statusMessage = rs.getString(11);
          models.add(m);
        });
    return models;
  }

  public void insert(LoggedModelEntity model) {
    em.persist(model);
    em.flush();
  }

  /** Sets tags, last value winning per key. */
  public void upsertTags(String modelId, long experimentId, Map<String, String> tags) {
    batch("INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) "
        + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE tag_value = VALUES(tag_value)",
        modelId, experimentId, tags);
  }

  public boolean deleteTag(String modelId, String key) {
    return em.createNativeQuery("DELETE FROM logged_model_tags WHERE model_id = ?1 "
            + "AND tag_key = ?2")
        .setParameter(1, modelId).setParameter(2, key).executeUpdate() > 0;
  }

  /**
   * Inserts params not there yet and returns the values stored for those keys afterwards, so
   * the caller can refuse a changed value (params are immutable) yet accept a repeated one.
   */
  public Map<String, String> insertParams(String modelId, long experimentId,
      Map<String, String> params) {
    if (params.isEmpty()) {
      return Map.of();
    }
    batch("INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) "
        + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE model_id = model_id",
        modelId, experimentId, params);
    Map<String, String> stored = new HashMap<>();
    params(List.of(modelId)).getOrDefault(modelId, List.of())
        .forEach(p -> stored.put(p.key(), p.value()));
    return stored;
  }

  public Map<String, List<Tag>> tags(Collection<String> modelIds) {
    return keyValues("SELECT model_id, tag_key, tag_value FROM logged_model_tags WHERE model_id IN",
        "tag_key", modelIds);
  }

  public Map<String, List<Tag>> params(Collection<String> modelIds) {
    return keyValues("SELECT model_id, param_key, param_value FROM logged_model_params "
        + "WHERE model_id IN", "param_key", modelIds);
  }

  public Map<String, List<LoggedModel.Metric>> metrics(Collection<String> modelIds) {
    Map<String, List<LoggedModel.Metric>> metrics = new HashMap<>();
    queries.queryIn("SELECT model_id, metric_name, metric_value, metric_timestamp_ms, "
        + "metric_step, dataset_name, dataset_digest, run_id FROM logged_model_metrics "
        + "WHERE model_id IN (%s) ORDER BY model_id, metric_name, metric_timestamp_ms, "
        + "metric_step", modelIds, rs -> {
          double value = rs.getDouble(3);
          metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new LoggedModel.Metric(rs.getString(2), rs.wasNull() ? Double.NaN : value,
                  rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                  rs.getString(1), rs.getString(8)));
        });
    return metrics;
  }

  /**
   * The statements linking metric points logged with a {@code model_id} to that model (MLflow 3
   * links a model's evaluation metrics this way), for {@link RunWriter}. Points for models
   * that do not exist are not linked; a point already linked is kept.
   */
  public static List<String> linkMetricsStatements(String runId, long experimentId,
      List<org.labtrack.tracking.domain.model.MetricInput> points) {
    List<String> statements = new ArrayList<>();
    for (var p : points) {
      if (p.modelId() == null || p.modelId().isEmpty() || !AsciiIds.storable(p.modelId())) {
        continue; // no model, or one that cannot exist
      }
      double value = p.value();
      String valueLiteral = Double.isNaN(value) ? "NULL"
          : Double.toString(Double.isInfinite(value) ? Math.copySign(Double.MAX_VALUE, value)
              : value);
      statements.add("INSERT INTO logged_model_metrics (model_id, metric_name, "
          + "metric_timestamp_ms, metric_step, metric_value, experiment_id, run_id, dataset_name, "
          + "dataset_digest) SELECT model_id, " + SqlRows.literal(p.key()) + ", " + p.timestamp()
          + ", " + (p.step() == null ? 0 : p.step()) + ", " + valueLiteral + ", " + experimentId
          + ", " + SqlRows.plain(runId) + ", " + SqlRows.literal(p.datasetName()) + ", "
          + SqlRows.literal(p.datasetDigest()) + " FROM logged_models WHERE model_id = "
          + SqlRows.literal(p.modelId())
          + " ON DUPLICATE KEY UPDATE model_id = logged_model_metrics.model_id");
    }
    return statements;
  }

  /** Records that the run produced these models; logging the same model again moves its step. */
  public void linkOutputs(String runId, List<Output> outputs) {
    link(runId, RUN_OUTPUT, MODEL_OUTPUT, outputs);
  }

  /** Records that the run took these models as input; a model already linked stays once. */
  public void linkInputs(String runId, List<String> modelIds) {
    link(runId, RUN_INPUT, MODEL_INPUT, modelIds.stream().map(id -> new Output(id, 0)).toList());
  }

  /** The models each run took as input and produced, each list in model id order. */
  public Map<String, RunModels> runModels(Collection<String> runIds) {
    Map<String, RunModels> models = new HashMap<>();
    // Both kinds in one query: runs/get and runs/search read them for every run they return.
    queries.queryIn("SELECT source_id, source_type, destination_id, step FROM inputs "
        + "WHERE source_type IN (?, ?) AND destination_type IN (?, ?) AND source_id IN (%s) "
        + "ORDER BY source_id, destination_id",
        List.of(RUN_INPUT, RUN_OUTPUT, MODEL_INPUT, MODEL_OUTPUT), runIds, List.of(), rs -> {
          RunModels run = models.computeIfAbsent(rs.getString(1),
              k -> new RunModels(new ArrayList<>(), new ArrayList<>()));
          if (RUN_INPUT.equals(rs.getString(2))) {
            run.inputs().add(rs.getString(3));
          } else {
            run.outputs().add(new Output(rs.getString(3), rs.getLong(4)));
          }
        });
    return models;
  }

  private void link(String runId, String sourceType, String destinationType, List<Output> links) {
    queries.useConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO inputs (input_uuid, "
          + "source_type, source_id, destination_type, destination_id, step) "
          + "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE step = VALUES(step)")) {
        for (Output o : links) {
          s.setString(1, java.util.UUID.randomUUID().toString().replace("-", ""));
          s.setString(2, sourceType);
          s.setString(3, runId);
          s.setString(4, destinationType);
          s.setString(5, o.modelId());
          s.setLong(6, o.step());
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }

  /**
   * Ids of the live models of these experiments that match every comparison, in order, one page.
   * Metric, param and tag conditions each need one row of the model that satisfies them; metric
   * conditions only look at metrics of the given datasets when datasets are named.
   */
  public List<String> search(List<Long> experimentIds, List<Comparison> comparisons,
      List<DatasetFilter> datasets, List<OrderBy> order, long offset, int limit) {
    if (experimentIds.isEmpty()) {
      return List.of();
    }
    List<Object> params = new ArrayList<>(experimentIds);
    StringBuilder sql = new StringBuilder("SELECT lm.model_id FROM logged_models lm WHERE "
        + "lm.experiment_id IN (" + NativeQueries.marks(experimentIds.size())
        + ") AND lm.lifecycle_stage <> 'deleted'");
    boolean metricFilter = false;
    for (Comparison c : comparisons) {
      sql.append(" AND ");
      switch (c.type()) {
        case ATTRIBUTE -> sql.append(attribute(c, params));
        case METRIC -> {
          metricFilter = true;
          sql.append("EXISTS (SELECT 1 FROM logged_model_metrics m WHERE m.model_id = lm.model_id"
              + " AND m.metric_name = ? AND ");
          params.add(c.key());
          sql.append(SqlConditions.compare("m.metric_value", false, c.op(), c.value(), params));
          sql.append(datasetCondition(datasets, params)).append(")");
        }
        case PARAM -> {
          sql.append("EXISTS (SELECT 1 FROM logged_model_params p WHERE p.model_id = lm.model_id"
              + " AND p.param_key = ? AND ");
          params.add(c.key());
          sql.append(SqlConditions.compare("p.param_value", true, c.op(), c.value(), params))
              .append(")");
        }
        case TAG -> {
          sql.append("EXISTS (SELECT 1 FROM logged_model_tags t WHERE t.model_id = lm.model_id"
              + " AND t.tag_key = ? AND ");
          params.add(c.key());
          sql.append(SqlConditions.compare("t.tag_value", true, c.op(), c.value(), params))
              .append(")");
        }
        default -> throw new IllegalStateException();
      }
    }
    if (!datasets.isEmpty() && !metricFilter) {
      sql.append(" AND EXISTS (SELECT 1 FROM logged_model_metrics m WHERE m.model_id = "
          + "lm.model_id").append(datasetCondition(datasets, params)).append(")");
    }
    List<String> terms = new ArrayList<>();
    for (OrderBy ob : order) {
      String expression;
      if (ob.isMetric()) {
        StringBuilder latest = new StringBuilder("(SELECT m.metric_value FROM "
            + "logged_model_metrics m WHERE m.model_id = lm.model_id AND m.metric_name = ?");
        params.add(ob.field().substring("metrics.".length()));
        if (ob.datasetName() != null) {
          latest.append(" AND m.dataset_name = ?");
          params.add(ob.datasetName());
        }
        if (ob.datasetDigest() != null) {
          latest.append(" AND m.dataset_digest = ?");
          params.add(ob.datasetDigest());
        }
        latest.append(" ORDER BY m.metric_timestamp_ms DESC, m.metric_step DESC LIMIT 1)");
        expression = latest.toString();
        // the subquery appears twice (null test and value), so its parameters do too
        int count = 1 + (ob.datasetName() != null ? 1 : 0) + (ob.datasetDigest() != null ? 1 : 0);
        params.addAll(params.subList(params.size() - count, params.size()));
      } else {
        expression = "lm." + ob.field();
      }
      // MySQL has no NULLS LAST: sort on "is null" first
      terms.add("(" + expression + " IS NULL) ASC");
      terms.add(expression + (ob.ascending() ? " ASC" : " DESC"));
    }
    sql.append(" ORDER BY ").append(String.join(", ", terms)).append(" LIMIT ? OFFSET ?");
    params.add(limit);
    params.add(offset);
    List<String> ids = new ArrayList<>();
    queries.query(sql.toString(), params, rs -> ids.add(rs.getString(1)));
    return ids;
  }

  private static String datasetCondition(List<DatasetFilter> datasets, List<Object> params) {
    if (datasets.isEmpty()) {
      return "";
    }
    List<String> any = new ArrayList<>();
    for (DatasetFilter d : datasets) {
      params.add(d.name());
      if (d.digest() != null) {
        params.add(d.digest());
        any.add("(m.dataset_name = ? AND m.dataset_digest = ?)");
      } else {
        any.add("m.dataset_name = ?");
      }
    }
    return " AND (" + String.join(" OR ", any) + ")";
  }

  /** Status is stored as the proto enum's number; filters compare its name. */
  private static String column(String key) {
    return key.equals("status")
        ? "(CASE lm.status WHEN 0 THEN 'UNSPECIFIED' WHEN 1 THEN 'PENDING' WHEN 2 THEN 'READY' "
            + "WHEN 3 THEN 'FAILED' END)"
        : "lm." + key;
  }

  /** An attribute comparison; model ids are ASCII, so some are decided here ({@link AsciiIds}). */
  private static String attribute(Comparison c, List<Object> params) {
    Object value = c.value();
    if (c.key().equals("model_id")) {
      if (value instanceof Collection<?> list) {
        value = AsciiIds.storable(list.stream().map(String::valueOf).toList());
      } else {
        String decided = AsciiIds.decided(c.op().equals("!="), String.valueOf(value));
        if (decided != null) {
          return decided;
        }
      }
    }
    return SqlConditions.compare(column(c.key()), isText(c.key()), c.op(), value, params);
  }

  private static boolean isText(String key) {
    return !key.equals("experiment_id") && !key.endsWith("_ms");
  }

  private Map<String, List<Tag>> keyValues(String select, String keyColumn,
      Collection<String> modelIds) {
    Map<String, List<Tag>> values = new HashMap<>();
    queries.queryIn(select + " (%s) ORDER BY model_id, " + keyColumn, modelIds,
        rs -> values.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new Tag(rs.getString(2), rs.getString(3))));
    return values;
  }

  private void batch(String sql, String modelId, long experimentId, Map<String, String> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    queries.useConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        // sorted keys give every writer the same lock order
        for (var entry : new TreeMap<>(pairs).entrySet()) {
          s.setString(1, modelId);
          s.setLong(2, experimentId);
          s.setString(3, entry.getKey());
          s.setString(4, entry.getValue());
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }
}
