package org.labtrack.tracking.loggedmodel.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.labtrack.common.error.InvalidValue;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.ExperimentService;
import org.labtrack.tracking.domain.LifecycleStage;
import org.labtrack.tracking.domain.ProtoEnum;
import org.labtrack.tracking.domain.RunNames;
import org.labtrack.tracking.domain.RunService;
import org.labtrack.tracking.domain.Uris;
import org.labtrack.tracking.domain.Validation;
import org.labtrack.tracking.domain.model.Experiment;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.domain.search.PageToken;
import org.labtrack.tracking.domain.search.PyRepr;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.Comparison;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.DatasetFilter;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.OrderBy;
import org.labtrack.tracking.loggedmodel.store.LoggedModelEntity;
import org.labtrack.tracking.loggedmodel.store.LoggedModelStore;
import org.labtrack.tracking.loggedmodel.store.LoggedModelStore.Output;
import org.labtrack.tracking.store.Transactions;

/**
 * MLflow 3 LoggedModels: what {@code log_model} creates before it uploads the files, finalizes
 * afterwards, and what registered versions point at through {@code models:/m-<id>}.
 */
@ApplicationScoped
public class LoggedModelService {
  public static final int SEARCH_DEFAULT = 50;
  static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";
  static final int MAX_KEY_LENGTH = 255;
  private static final List<String> STATUSES = List.of("LOGGED_MODEL_STATUS_UNSPECIFIED",
      "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED");

  /** One page of a search. */
  public record Page(List<LoggedModel> models, String nextPageToken) {
  }

  private final LoggedModelStore store;
  private final ExperimentService experiments;
  private final RunService runs;
  private final Transactions tx;
  private final ObjectMapper json;

  LoggedModelService(LoggedModelStore store, ExperimentService experiments, RunService runs,
      Transactions tx, ObjectMapper json) {
    this.store = store;
    this.experiments = experiments;
    this.runs = runs;
    this.tx = tx;
    this.json = json;
  }

  /**
   * Creates a PENDING model in an active experiment. Its files go under the experiment's
   * artifact root at {@code models/<model_id>/artifacts}, which artifact-service serves.
   */
  public LoggedModel create(String experimentId, String name, String modelType, String sourceRunId,
      List<Tag> params, List<Tag> tags) {
    validateName(name);
    Map<String, String> paramValues = keyValues(params, "params");
    Map<String, String> tagValues = keyValues(tags, "tags");
    String id = "m-" + UUID.randomUUID().toString().replace("-", "");
    // checked inside the transaction: the check and the write are one unit of work
    return tx.write(() -> {
      Experiment experiment = experiments.get(experimentId);
      if (!LifecycleStage.ACTIVE.wire().equals(experiment.lifecycleStage())) {
        throw MlflowException.invalidParameter("The experiment " + experiment.experimentId()
            + " must be in the 'active' state. Current state is " + experiment.lifecycleStage()
            + ".");
      }
      long now = System.currentTimeMillis();
      LoggedModelEntity model = new LoggedModelEntity();
      model.modelId = id;
      model.experimentId = Long.parseLong(experiment.experimentId());
      model.name = name == null || name.isEmpty() ? RunNames.random() : name;
      model.artifactLocation = Uris.append(experiment.artifactLocation(), "models", id,
          "artifacts");
      model.creationTimestampMs = now;
      model.lastUpdatedTimestampMs = now;
      model.status = 1;
      model.lifecycleStage = LifecycleStage.ACTIVE.wire();
      model.modelType = emptyToNull(modelType);
      model.sourceRunId = emptyToNull(sourceRunId);
      store.insert(model);
      store.insertParams(id, model.experimentId, paramValues);
      store.upsertTags(id, model.experimentId, tagValues);
      return toModels(List.of(model)).get(0);
    });
  }

  /** A model that is not deleted. */
  public LoggedModel get(String modelId) {
    LoggedModelEntity model = store.find(modelId)
        .filter(m -> !LifecycleStage.DELETED.wire().equals(m.lifecycleStage))
        .orElseThrow(() -> notFound(modelId));
    return toModels(List.of(model)).get(0);
  }

  /** Sets the status, a proto enum name or number (READY or UPLOAD_FAILED once files are up). */
  public LoggedModel finalizeModel(String modelId, String status) {
    int code = statusCode(status);
    return tx.write(() -> {
      LoggedModelEntity model = record(modelId);
      model.status = code;
      model.lastUpdatedTimestampMs = System.currentTimeMillis();
      return toModels(List.of(model)).get(0);
    });
  }

  public void delete(String modelId) {
    tx.write(() -> {
      LoggedModelEntity model = record(modelId);
      model.lifecycleStage = LifecycleStage.DELETED.wire();
      model.lastUpdatedTimestampMs = System.currentTimeMillis();
    });
  }

  public void setTags(String modelId, List<Tag> tags) {
    Map<String, String> values = keyValues(tags, "tags");
    tx.write(() -> {
      LoggedModelEntity model = record(modelId);
      store.upsertTags(modelId, model.experimentId, values);
    });
  }

  public void deleteTag(String modelId, String key) {
    tx.write(() -> {
      record(modelId);
      if (!store.deleteTag(modelId, key)) {
        throw MlflowException.notFound("No tag with key " + PyRepr.str(key)
            + " found for model with ID " + PyRepr.str(modelId) + ".");
      }
    });
  }

  /** Adds params; the same value again is a no-op, a different value for a key is refused. */
  public void logParams(String modelId, List<Tag> params) {
    Map<String, String> values = keyValues(params, "params");
    tx.write(() -> {
      LoggedModelEntity model = record(modelId);
      Map<String, String> stored = store.insertParams(modelId, model.experimentId, values);
      values.forEach((key, value) -> {
        String old = stored.get(key);
        if (old != null && !old.equals(value)) {
          throw MlflowException.invalidParameter("Changing param values is not allowed. Param "
              + "with key='" + key + "' was already logged with value='" + old
              + "' for model ID='" + modelId + "'. Attempted logging new value '" + value + "'.");
        }
      });
    });
  }

  /**
   * Records on the model that a registered version was made from it, in the
   * {@code mlflow.modelVersions} tag (a JSON list of name/version), as MLflow does. Runs in the
   * caller's transaction, the one that creates the version, so neither is stored without the other.
   */
  public void recordModelVersion(String modelId, String name, String version) {
    LoggedModelEntity model = store.findForUpdate(modelId).orElseThrow(() -> notFound(modelId));
    ArrayNode versions = json.createArrayNode();
    store.tags(List.of(modelId)).getOrDefault(modelId, List.of()).stream()
        .filter(t -> MODEL_VERSIONS_TAG.equals(t.key())).findFirst().ifPresent(t -> {
          try {
            JsonNode parsed = json.readTree(t.value());
            if (parsed instanceof ArrayNode list) {
              versions.addAll(list);
            }
          } catch (Exception e) {
            // an unreadable list is replaced
          }
        });
    ObjectNode entry = json.createObjectNode().put("name", name)
        .put("version", Integer.parseInt(version));
    if (!contains(versions, entry)) {
      versions.add(entry);
    }
    store.upsertTags(modelId, model.experimentId, Map.of(MODEL_VERSIONS_TAG,
        pythonJson(versions)));
  }

  /** One page of models of the given experiments. */
  public Page search(List<String> experimentIds, String filter, List<DatasetFilter> datasets,
      Integer maxResults, List<OrderBy> orderBy, String pageToken) {
    if (experimentIds == null) {
      throw MlflowException.missingParameter("experiment_ids");
    }
    for (DatasetFilter d : datasets) {
      if (d.name() == null || d.name().isEmpty()) {
        throw MlflowException.invalidParameter(
            "`dataset_name` in the `datasets` clause must be specified.");
      }
    }
    if (maxResults != null && maxResults < 0) {
      throw MlflowException.invalidParameter("Invalid value for max_results. It must be a "
          + "positive integer, but got " + maxResults);
    }
    int limit = maxResults == null || maxResults == 0 ? SEARCH_DEFAULT : maxResults;
    String filterString = filter == null || filter.isEmpty() ? null : filter;
    List<Comparison> comparisons = LoggedModelSearch.parseFilter(filterString).stream()
        .map(LoggedModelService::statusNames).toList();
    List<OrderBy> order = LoggedModelSearch.parseOrderBy(orderBy);
    ObjectNode tokenState = tokenState(experimentIds, filterString, orderBy);
    long offset = decodeToken(pageToken, tokenState);
    List<String> ids = store.search(ExperimentService.parseIds(experimentIds), comparisons,
        datasets, order, offset, limit + 1);
    String next = null;
    if (ids.size() > limit) {
      tokenState.put("offset", offset + limit);
      next = PageToken.jsonToken(tokenState);
    }
    List<String> page = ids.subList(0, Math.min(limit, ids.size()));
    Map<String, LoggedModelEntity> byId = new HashMap<>();
    store.findAll(page).forEach(m -> byId.put(m.modelId, m));
    return new Page(toModels(page.stream().map(byId::get).filter(Objects::nonNull).toList()),
        next);
  }

  /** Links a run to the models it produced (LogOutputs); the run must be active. */
  public void logOutputs(String runId, List<Output> outputs) {
    // checked inside the transaction: the check and the write are one unit of work
    tx.write(() -> {
      runs.lockActiveForDataWrite(runId);
      for (int i = 0; i < outputs.size(); i++) {
        Validation.linkedModelId(outputs.get(i).modelId(), "models[" + i + "].model_id");
      }
      if (!outputs.isEmpty()) {
        store.linkOutputs(runId, outputs);
      }
    });
  }

  // ---- helpers

  private LoggedModelEntity record(String modelId) {
    return store.findForUpdate(modelId).orElseThrow(() -> notFound(modelId));
  }

  private List<LoggedModel> toModels(List<LoggedModelEntity> models) {
    List<String> ids = models.stream().map(m -> m.modelId).toList();
    Map<String, List<Tag>> tags = store.tags(ids);
    Map<String, List<Tag>> params = store.params(ids);
    Map<String, List<LoggedModel.Metric>> metrics = store.metrics(ids);
    List<LoggedModel> result = new ArrayList<>();
    for (LoggedModelEntity m : models) {
      result.add(new LoggedModel(new LoggedModel.Info(m.modelId, Long.toString(m.experimentId),
          m.name, m.creationTimestampMs, m.lastUpdatedTimestampMs, m.artifactLocation,
          STATUSES.get(m.status), m.modelType, m.sourceRunId, tags.getOrDefault(m.modelId,
          List.of())), new LoggedModel.Data(params.getOrDefault(m.modelId, List.of()),
          metrics.getOrDefault(m.modelId, List.of()))));
    }
    return result;
  }

  static void validateName(String name) {
    if (name == null) {
      return;
    }
    String bad = "/:.%\"'";
    if (name.isEmpty() || name.chars().anyMatch(c -> bad.indexOf(c) >= 0)) {
      throw MlflowException.invalidParameter("Invalid model name (" + PyRepr.str(name)
          + ") provided. Model name must be a non-empty string and cannot contain the following "
          + "characters: ('/', ':', '.', '%', '\"', \"'\")");
    }
    Validation.lengthLimit("name", 500, name);
  }

  /** Key/value pairs of a request, last value winning; keys are required and ≤ 255. */
  private static Map<String, String> keyValues(List<Tag> pairs, String field) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Tag> list = pairs == null ? List.of() : pairs;
    for (int i = 0; i < list.size(); i++) {
      Tag t = list.get(i);
      if (t == null || t.key() == null || t.key().isEmpty()) {
        throw MlflowException.missingParameter(field + "[" + i + "].key");
      }
      Validation.lengthLimit(field + "[" + i + "].key", MAX_KEY_LENGTH, t.key());
      values.put(t.key(), t.value() == null ? "" : t.value());
    }
    return values;
  }

  private static int statusCode(String status) {
    if (status == null || status.isEmpty()) {
      throw MlflowException.missingParameter("status");
    }
    int code = ProtoEnum.position(status, STATUSES, 0);
    if (code < 0) {
      throw MlflowException.invalidParameter(InvalidValue.wrongType("status", status));
    }
    return code;
  }

  /** A status filter may name the status as MLflow's entity ("READY") or the proto enum. */
  private static Comparison statusNames(Comparison c) {
    if (c.type() != LoggedModelSearch.EntityType.ATTRIBUTE || !c.key().equals("status")) {
      return c;
    }
    Object value = c.value() instanceof List<?> list
        ? list.stream().map(v -> shortStatus((String) v)).toList()
        : shortStatus((String) c.value());
    return new Comparison(c.type(), c.key(), c.op(), value);
  }

  private static String shortStatus(String value) {
    return switch (value) {
      case "LOGGED_MODEL_STATUS_UNSPECIFIED" -> "UNSPECIFIED";
      case "LOGGED_MODEL_PENDING" -> "PENDING";
      case "LOGGED_MODEL_READY" -> "READY";
      case "LOGGED_MODEL_UPLOAD_FAILED" -> "FAILED";
      default -> value;
    };
  }

  /** What a page token binds: the query it continues. */
  private ObjectNode tokenState(List<String> experimentIds, String filter, List<OrderBy> orderBy) {
    ObjectNode state = json.createObjectNode();
    ArrayNode ids = state.putArray("experiment_ids");
    experimentIds.forEach(ids::add);
    state.put("filter_string", filter);
    if (orderBy == null || orderBy.isEmpty()) {
      state.putNull("order_by");
    } else {
      ArrayNode order = state.putArray("order_by");
      for (OrderBy ob : orderBy) {
        order.addObject().put("field_name", ob.field()).put("ascending", ob.ascending())
            .put("dataset_name", ob.datasetName()).put("dataset_digest", ob.datasetDigest());
      }
    }
    return state;
  }

  private long decodeToken(String token, ObjectNode expected) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    JsonNode parsed = PageToken.readJsonObject(token).orElseThrow(
        () -> MlflowException.invalidParameter("Invalid page token: " + token + "."));
    compare(parsed, expected, "experiment_ids", "Experiment IDs in the page token do not match "
        + "the requested experiment IDs.");
    compare(parsed, expected, "filter_string", "Filter string in the page token does not match "
        + "the requested filter string.");
    compare(parsed, expected, "order_by", "Order by in the page token does not match the "
        + "requested order by.");
    long offset = parsed.path("offset").asLong(-1);
    if (offset < 0) {
      throw MlflowException.invalidParameter("Invalid page token: " + token + ".");
    }
    return offset;
  }

  private static void compare(JsonNode token, ObjectNode expected, String field, String message) {
    JsonNode found = token.get(field) == null ? json0() : token.get(field);
    if (!found.equals(expected.get(field))) {
      throw MlflowException.invalidParameter(message + " Expected: " + expected.get(field)
          + ". Found: " + found);
    }
  }

  private static JsonNode json0() {
    return com.fasterxml.jackson.databind.node.NullNode.getInstance();
  }

  private static boolean contains(ArrayNode list, ObjectNode entry) {
    for (JsonNode n : list) {
      if (n.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  /** JSON as Python's {@code json.dumps} writes it (", " and ": " separators). */
  private static String pythonJson(ArrayNode list) {
    List<String> items = new ArrayList<>();
    for (JsonNode n : list) {
      List<String> fields = new ArrayList<>();
      n.fields().forEachRemaining(f -> fields.add("\"" + f.getKey() + "\": " + f.getValue()));
      items.add(n.isObject() ? "{" + String.join(", ", fields) + "}" : n.toString());
    }
    return "[" + String.join(", ", items) + "]";
  }

  private static MlflowException notFound(String modelId) {
    return MlflowException.notFound("Logged model with ID '" + modelId + "' not found.");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
