package org.labtrack.tracking.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.config.TrackingConfig;
import org.labtrack.tracking.domain.model.DatasetInput;
import org.labtrack.tracking.domain.model.Metric;
import org.labtrack.tracking.domain.model.MetricInput;
import org.labtrack.tracking.domain.model.Run;
import org.labtrack.tracking.domain.model.RunInfo;
import org.labtrack.tracking.domain.model.RunStatus;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.loggedmodel.store.LoggedModelStore;
import org.labtrack.tracking.store.BulkWrites;
import org.labtrack.tracking.store.DatasetStore;
import org.labtrack.tracking.store.MetricStore;
import org.labtrack.tracking.store.RunEntity;
import org.labtrack.tracking.store.RunWriter;
import org.labtrack.tracking.store.RunStore;
import org.labtrack.tracking.store.Transactions;
import org.labtrack.tracking.store.search.RunSearchStore;
import org.labtrack.tracking.domain.search.RunQuery;
import org.labtrack.tracking.domain.search.SearchLimits;

/** Runs and what is logged to them: MLflow's run lifecycle, params, metrics, tags and inputs. */
@ApplicationScoped
// Runs are serialised here (see answers), not only by the REST layer, which registers the
// classes of what it returns for native images; so they are registered here as well.
@RegisterForReflection(targets = Run.class, registerFullHierarchy = true)
public class RunService {
  public static final String RUN_NAME_TAG = "mlflow.runName";
  static final String LOGGED_MODELS_TAG = "mlflow.log-model.history";
  private static final Set<String> MODEL_JSON_FIELDS =
      Set.of("artifact_path", "flavors", "utc_time_created", "run_id");

  private final RunStore runs;
  private final MetricStore metrics;
  private final DatasetStore datasets;
  private final ExperimentService experiments;
  private final Transactions tx;
  private final RunWriter writer;
  private final BulkWrites bulkWrites;
  private final ObjectMapper json;
  private final RunSearchStore search;
  private final LoggedModelStore loggedModels;
  /** The JSON of runs as this replica last answered with them. */
  private final RunVersionCache<byte[]> answerCache;

  RunService(RunStore runs, MetricStore metrics, DatasetStore datasets,
      ExperimentService experiments, Transactions tx, RunWriter writer, BulkWrites bulkWrites,
      ObjectMapper json, LoggedModelStore loggedModels, RunSearchStore search,
      TrackingConfig config, MeterRegistry registry) {
    this.answerCache = new RunVersionCache<>("run_answers", config.runCacheSize(),
        answer -> answer.length, registry);
    this.search = search;
    this.runs = runs;
    this.metrics = metrics;
    this.datasets = datasets;
    this.experiments = experiments;
    this.tx = tx;
    this.writer = writer;
    this.bulkWrites = bulkWrites;
    this.json = json;
    this.loggedModels = loggedModels;
  }

  /**
   * Starts a run in an active experiment (the default one when none is named). A run without a
   * name gets a generated one, and {@code run_name} and the {@code mlflow.runName} tag always agree.
   */
  public Run create(String experimentId, String userId, Long startTime, List<Tag> tags,
      String runName) {
    Map<String, String> tagValues = new LinkedHashMap<>();
    for (Tag tag : tags == null ? List.<Tag>of() : tags) {
      tagValues.put(tag.key(), Validation.runTag(tag.key(), nullToEmpty(tag.value()), null));
    }
    String nameTag = tagValues.get(RUN_NAME_TAG);
    if (!isEmpty(runName) && !isEmpty(nameTag) && !runName.equals(nameTag)) {
      throw MlflowException.invalidParameter("Both 'run_name' argument and 'mlflow.runName' tag "
          + "are specified, but with different values (run_name='" + runName
          + "', mlflow.runName='" + nameTag + "').");
    }
    String name = limitedRunName(
        !isEmpty(runName) ? runName : !isEmpty(nameTag) ? nameTag : RunNames.random());
    tagValues.put(RUN_NAME_TAG, name);
    String id = UUID.randomUUID().toString().replace("-", "");
    String wireExperimentId =
        isEmpty(experimentId) ? ExperimentService.DEFAULT_EXPERIMENT_ID : experimentId;
    long start = startTime != null ? startTime : ExperimentService.now();
    AtomicReference<RunStore.RunRow> created = new AtomicReference<>();
    writer.create(ExperimentService.parseId(wireExperimentId), found -> {
      RunWriter.ExperimentRow experiment =
          found.orElseThrow(() -> ExperimentService.notFound(wireExperimentId));
      ExperimentService.requireActive(experiment.id(), experiment.lifecycleStage());
      RunStore.RunRow run = new RunStore.RunRow(id, experiment.id(), name, userId,
          RunStatus.RUNNING.name(), start, null,
          Uris.append(experiment.artifactLocation(), id, "artifacts"),
          LifecycleStage.ACTIVE.wire(), 0);
      created.set(run);
      return List.of(RunStore.insertStatement(run), RunStore.tagsStatement(id, tagValues));
    });
    List<Tag> stored = new java.util.TreeMap<>(tagValues).entrySet().stream()
        .map(e -> new Tag(e.getKey(), e.getValue())).toList();
    return new Run(info(created.get()), new Run.RunData(List.of(), List.of(), stored),
        new Run.RunInputs(List.of(), List.of()), new Run.RunOutputs(List.of()));
  }

  /** A page of runs, each as the JSON of MLflow's {@code Run}. */
  public record Page(List<byte[]> runs, String nextPageToken) {
  }

  /** MLflow's search_runs over the given experiments; full runs in the search's order. */
  public Page search(List<String> experimentIds, String filter, String runViewType,
      Integer maxResults, List<String> orderBy, String pageToken) {
    long limit = maxResults == null ? SearchLimits.RUNS_DEFAULT_MAX_RESULTS : maxResults;
    SearchLimits.checkRunsMaxResults(limit);
    var page = search.search(new RunQuery(
        ExperimentService.parseIds(experimentIds == null ? List.of() : experimentIds), filter,
        ViewType.parse(runViewType, "run_view_type"), (int) limit, orderBy, pageToken));
    return new Page(answers(page.runs()), page.nextPageToken());
  }

  /** The run as the JSON of MLflow's {@code Run}. */
  public byte[] get(String runId) {
    List<byte[]> found = answers(runs.rows(List.of(runId)));
    if (found.isEmpty()) {
      throw notFound(runId);
    }
    return found.get(0);
  }

  /**
   * These runs, in their order, each as the JSON of MLflow's {@code Run}. Runs unchanged since
   * this replica last answered with them come from {@link RunVersionCache}; the others are
   * loaded together, each child table once.
   */
  List<byte[]> answers(List<RunStore.RunRow> rows) {
    List<byte[]> result = new ArrayList<>(rows.size());
    List<RunStore.RunRow> changed = new ArrayList<>();
    for (RunStore.RunRow row : rows) {
      byte[] kept = answerCache.get(row.runUuid(), row.dataVersion());
      result.add(kept);
      if (kept == null) {
        changed.add(row);
      }
    }
    if (!changed.isEmpty()) {
      Map<String, Run> loaded = load(changed);
      // Inside a unit of work the rows may carry its own uncommitted changes and version, which
      // a rollback would leave in the cache under a version the next real change reuses.
      boolean committed = !tx.active();
      for (int i = 0; i < rows.size(); i++) {
        RunStore.RunRow row = rows.get(i);
        if (result.get(i) == null) {
          byte[] answer = toJson(loaded.get(row.runUuid()));
          if (committed) {
            answerCache.put(row.runUuid(), row.dataVersion(), answer);
          }
          result.set(i, answer);
        }
      }
    }
    return result;
  }

  private byte[] toJson(Run run) {
    try {
      return json.writeValueAsBytes(run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runs of these rows with their children, by id. */
  private Map<String, Run> load(List<RunStore.RunRow> rows) {
    List<String> ids = rows.stream().map(RunStore.RunRow::runUuid).toList();
    Map<String, List<Tag>> tags = new HashMap<>();
    for (RunStore.KeyValue t : runs.tags(ids)) {
      tags.computeIfAbsent(t.runUuid(), k -> new ArrayList<>()).add(new Tag(t.key(), t.value()));
    }
    Map<String, List<Tag>> params = new HashMap<>();
    for (RunStore.KeyValue p : runs.params(ids)) {
      params.computeIfAbsent(p.runUuid(), k -> new ArrayList<>()).add(new Tag(p.key(), p.value()));
    }
    Map<String, List<MetricStore.Point>> latest = metrics.latest(ids);
    Map<String, List<DatasetInput>> inputs = datasets.inputs(ids);
    Map<String, LoggedModelStore.RunModels> models = loggedModels.runModels(ids);
    Map<String, Run> result = new HashMap<>();
    for (RunStore.RunRow run : rows) {
      String id = run.runUuid();
      List<Metric> runMetrics = latest.getOrDefault(id, List.of()).stream()
          .map(p -> new Metric(p.key(), p.wireValue(), p.timestamp(), p.step())).toList();
      LoggedModelStore.RunModels runModels =
          models.getOrDefault(id, LoggedModelStore.RunModels.NONE);
      result.put(id, new Run(info(run),
          new Run.RunData(runMetrics, params.getOrDefault(id, List.of()),
              tags.getOrDefault(id, List.of())),
          new Run.RunInputs(inputs.getOrDefault(id, List.of()),
              runModels.inputs().stream().map(Run.ModelInput::new).toList()),
          new Run.RunOutputs(runModels.outputs().stream()
              .map(o -> new Run.ModelOutput(o.modelId(), o.step())).toList())));
    }
    return result;
  }

  /** Updates status, end time and name of an active run; {@code null} leaves a field as it is. */
  public RunInfo update(String runId, String status, Long endTime, String runName) {
    RunStatus newStatus = status == null || status.isEmpty() ? null : RunStatus.parse(status);
    if (!isEmpty(runName)) {
      limitedRunName(runName);
    }
    AtomicReference<RunInfo> updated = new AtomicReference<>();
    writer.write(runId, List.of(), found -> {
      RunStore.RunRow run = activeRun(runId, found).row();
      String newName = isEmpty(runName) ? run.name() : runName;
      RunInfo info = new RunInfo(run.runUuid(), run.runUuid(), newName,
          Long.toString(run.experimentId()), run.userId(),
          newStatus == null ? run.status() : newStatus.name(), run.startTime(),
          endTime == null ? run.endTime() : endTime, run.artifactUri(), run.lifecycleStage());
      updated.set(info);
      List<String> statements = new ArrayList<>();
      statements.add(RunStore.updateStatement(runId, info.status(), info.endTime(),
          info.runName()));
      if (!isEmpty(runName)) {
        statements.add(RunStore.tagsStatement(runId, Map.of(RUN_NAME_TAG, runName)));
      }
      return statements;
    });
    return updated.get();
  }

  public void delete(String runId) {
    setLifecycle(runId, LifecycleStage.DELETED);
  }

  public void restore(String runId) {
    setLifecycle(runId, LifecycleStage.ACTIVE);
  }

  public void logParam(String runId, String key, String value) {
    String stored = Validation.param(key, nullToEmpty(value), null);
    writer.write(runId, List.of(key), found -> {
      String old = activeRun(runId, found).params().get(key);
      if (old == null) {
        return List.of(RunStore.paramsStatement(runId, Map.of(key, stored)));
      }
      if (!old.equals(stored)) {
        throw MlflowException.invalidParameter("Changing param values is not allowed. Param with "
            + "key='" + key + "' was already logged with value='" + old + "' for run ID='" + runId
            + "'. Attempted logging new value '" + stored + "'.");
      }
      return List.of();
    });
  }

  public void logMetric(String runId, MetricInput metric) {
    MetricStore.Point point = point(metric, "");
    writer.write(runId, List.of(), found -> {
      RunWriter.LockedRun run = activeRun(runId, found);
      List<String> statements = new ArrayList<>(
          MetricStore.appendStatements(runId, run.row().dataVersion(), List.of(point)));
      statements.addAll(
          LoggedModelStore.linkMetricsStatements(runId, run.row().experimentId(), List.of(metric)));
      return statements;
    });
  }

  public void setTag(String runId, String key, String value) {
    String stored = Validation.runTag(key, nullToEmpty(value), null);
    String newName = RUN_NAME_TAG.equals(key) ? limitedRunName(stored) : null;
    writer.write(runId, List.of(), found -> {
      activeRun(runId, found);
      List<String> statements = new ArrayList<>();
      if (newName != null) {
        statements.add(RunStore.renameStatement(runId, newName));
      }
      statements.add(RunStore.tagsStatement(runId, Map.of(key, stored)));
      return statements;
    });
  }

  public void deleteTag(String runId, String key) {
    tx.write(() -> {
      activeForDataWrite(runId);
      if (!runs.deleteTag(runId, key)) {
        throw MlflowException.notFound("No tag with name: " + key + " in run with id " + runId);
      }
    });
  }

  /**
   * Logs metrics, params and tags in one transaction: all of it is stored or none of it.
   * Repeating the same batch changes nothing.
   */
  public void logBatch(String runId, List<MetricInput> metricInputs, List<Tag> paramInputs,
      List<Tag> tagInputs) {
    Validation.runId(runId, "run_id");
    List<MetricInput> ms = metricInputs == null ? List.of() : metricInputs;
    List<Tag> ps = paramInputs == null ? List.of() : paramInputs;
    List<Tag> ts = tagInputs == null ? List.of() : tagInputs;
    List<MetricStore.Point> points = new ArrayList<>(ms.size());
    for (int i = 0; i < ms.size(); i++) {
      points.add(point(ms.get(i), "metrics[" + i + "]"));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < ps.size(); i++) {
      Tag p = ps.get(i);
      params.put(p.key(), Validation.param(p.key(), nullToEmpty(p.value()), "params[" + i + "]"));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < ts.size(); i++) {
      Tag t = ts.get(i);
      tags.put(t.key(), Validation.runTag(t.key(), nullToEmpty(t.value()), "tags[" + i + "]"));
    }
    Validation.batchLimits(ms.size(), ps.size(), ts.size());
    Validation.uniqueParamKeys(ps);
    String newName =
        tags.containsKey(RUN_NAME_TAG) ? limitedRunName(tags.get(RUN_NAME_TAG)) : null;
    Function<Optional<RunWriter.LockedRun>, List<String>> plan = found -> {
      RunWriter.LockedRun run = activeRun(runId, found);
      List<String> conflicts = new ArrayList<>();
      Map<String, String> newParams = new LinkedHashMap<>();
      params.forEach((key, value) -> {
        String old = run.params().get(key);
        if (old == null) {
          newParams.put(key, value);
        } else if (!old.equals(value)) {
          conflicts.add("{'key': '" + key + "', 'old_value': '" + old + "', 'new_value': '"
              + value + "'}");
        }
      });
      if (!conflicts.isEmpty()) {
        throw MlflowException.invalidParameter("Changing param values is not allowed. Params "
            + "were already logged='[" + String.join(", ", conflicts) + "]' for run ID='" + runId
            + "'.");
      }
      List<String> statements = new ArrayList<>();
      if (newName != null) {
        statements.add(RunStore.renameStatement(runId, newName));
      }
      if (!newParams.isEmpty()) {
        statements.add(RunStore.paramsStatement(runId, newParams));
      }
      statements.addAll(MetricStore.appendStatements(runId, run.row().dataVersion(), points));
      statements.addAll(
          LoggedModelStore.linkMetricsStatements(runId, run.row().experimentId(), ms));
      if (!tags.isEmpty()) {
        statements.add(RunStore.tagsStatement(runId, tags));
      }
      return statements;
    };
    bulkWrites.run(ms.size() + ps.size() + ts.size(),
        () -> writer.write(runId, params.keySet(), plan));
  }

  /**
   * Links datasets and (MLflow 3) LoggedModels to the run as its inputs; the same (name, digest)
   * or model twice counts once. As in MLflow, the models are not looked up.
   */
  public void logInputs(String runId, List<DatasetInput> inputs, List<Run.ModelInput> models) {
    Validation.runId(runId, "run_id");
    Map<String, DatasetInput> unique = new LinkedHashMap<>();
    for (DatasetInput input : inputs == null ? List.<DatasetInput>of() : inputs) {
      Validation.datasetInput(input);
      unique.putIfAbsent(input.dataset().name() + "\u0000" + input.dataset().digest(), input);
    }
    Set<String> modelIds = new LinkedHashSet<>();
    List<Run.ModelInput> given = models == null ? List.of() : models;
    for (int i = 0; i < given.size(); i++) {
      modelIds.add(Validation.linkedModelId(given.get(i) == null ? null : given.get(i).modelId(),
          "models[" + i + "].model_id"));
    }
    tx.write(() -> {
      RunStore.WriteState run = activeForDataWrite(runId);
      if (!unique.isEmpty()) {
        datasets.link(run.experimentId(), runId, List.copyOf(unique.values()));
      }
      if (!modelIds.isEmpty()) {
        loggedModels.linkInputs(runId, List.copyOf(modelIds));
      }
    });
  }

  /**
   * MLflow 2's log-model: appends the model's summary to the run's
   * {@code mlflow.log-model.history} tag, a JSON list.
   */
  public void logModel(String runId, String modelJson) {
    JsonNode model;
    try {
      model = json.readTree(modelJson);
    } catch (Exception e) {
      model = null;
    }
    if (!(model instanceof ObjectNode object)) {
      throw MlflowException.invalidParameter(
          "Malformed model info. \n " + modelJson + " \n is not a valid JSON.");
    }
    List<String> missing = MODEL_JSON_FIELDS.stream().filter(f -> !object.has(f)).sorted().toList();
    if (!missing.isEmpty()) {
      throw MlflowException.invalidParameter("Model json is missing mandatory fields: {"
          + missing.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")) + "}");
    }
    ObjectNode summary = json.createObjectNode();
    for (String field : List.of("run_id", "artifact_path", "utc_time_created", "model_uuid")) {
      if (object.has(field)) {
        summary.set(field, object.get(field));
      }
    }
    ObjectNode flavors = summary.putObject("flavors");
    object.path("flavors").fields().forEachRemaining(f -> {
      JsonNode config = f.getValue();
      flavors.set(f.getKey(), config instanceof ObjectNode o ? o.deepCopy().without("config") : config);
    });
    tx.write(() -> {
      RunEntity run = runs.findForUpdate(runId).orElseThrow(() -> notFound(runId));
      requireActive(run.runUuid, run.lifecycleStage);
      ArrayNode history = json.createArrayNode();
      runs.tagValue(runId, LOGGED_MODELS_TAG).ifPresent(previous -> {
        try {
          JsonNode parsed = json.readTree(previous);
          if (parsed instanceof ArrayNode list) {
            history.addAll(list);
          }
        } catch (Exception e) {
          // an unreadable history is replaced rather than making the run unloggable
        }
      });
      history.add(summary);
      String value = history.toString();
      if (value.length() > Validation.MAX_TAG_VAL_LENGTH) {
        // MLflow truncates here, which leaves invalid JSON in the tag; refuse instead.
        throw MlflowException.invalidParameter("'" + LOGGED_MODELS_TAG
            + "' exceeds the maximum length of " + Validation.MAX_TAG_VAL_LENGTH + " characters");
      }
      runs.upsertTags(runId, Map.of(LOGGED_MODELS_TAG, value));
    });
  }

  /** The artifact root of a run, for artifact-service's run-scoped endpoints. */
  public RunInfo info(String runId) {
    return info(runs.find(runId).orElseThrow(() -> notFound(runId)));
  }

  private void setLifecycle(String runId, LifecycleStage stage) {
    tx.write(() -> {
      RunEntity run = runs.findForUpdate(runId).orElseThrow(() -> notFound(runId));
      run.lifecycleStage = stage.wire();
      run.deletedTime = stage == LifecycleStage.DELETED ? ExperimentService.now() : null;
    });
  }

  /**
   * Inside a write transaction: locks the run for a change to its data, which it must be active
   * for. For writers outside this class (a run's LoggedModel outputs).
   */
  public void lockActiveForDataWrite(String runId) {
    activeForDataWrite(runId);
  }

  private RunStore.WriteState activeForDataWrite(String runId) {
    RunStore.WriteState run = runs.lockForDataWrite(runId).orElseThrow(() -> notFound(runId));
    requireActive(runId, run.lifecycleStage());
    return run;
  }

  /** The run a write found, which must exist and be active. */
  private static RunWriter.LockedRun activeRun(String runId,
      Optional<RunWriter.LockedRun> found) {
    RunWriter.LockedRun run = found.orElseThrow(() -> notFound(runId));
    requireActive(runId, run.row().lifecycleStage());
    return run;
  }

  /** A run's name, however given, held to run_name's limit. */
  private static String limitedRunName(String name) {
    Validation.lengthLimit("run_name", 250, name);
    return name;
  }

  /** A run must be active for any change to it or its data. */
  private static void requireActive(String runId, String stage) {
    if (!LifecycleStage.ACTIVE.wire().equals(stage)) {
      throw MlflowException.invalidParameter("The run " + runId
          + " must be in the 'active' state. Current state is " + stage + ".");
    }
  }

  private static MetricStore.Point point(MetricInput m, String path) {
    Validation.metric(m.key(), m.value(), m.timestamp(), m.step() == null ? 0L : m.step(), path);
    return MetricStore.Point.of(m.key(), m.value(), m.timestamp(), m.step() == null ? 0 : m.step());
  }

  static RunInfo info(RunEntity r) {
    return new RunInfo(r.runUuid, r.runUuid, r.name, Long.toString(r.experimentId), r.userId,
        r.status, r.startTime, r.endTime, r.artifactUri, r.lifecycleStage);
  }

  static RunInfo info(RunStore.RunRow r) {
    return new RunInfo(r.runUuid(), r.runUuid(), r.name(), Long.toString(r.experimentId()),
        r.userId(), r.status(), r.startTime(), r.endTime(), r.artifactUri(), r.lifecycleStage());
  }

  static MlflowException notFound(String runId) {
    return MlflowException.notFound("Run with id=" + runId + " not found");
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
