package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;
import org.mlflow.tracking.RunsPage;

/**
 * MLflow's own Java client ({@code org.mlflow:mlflow-client:2.17.2}) through the gateway, as a
 * lab's code would use it: with {@code MLFLOW_TRACKING_USERNAME/PASSWORD} (Basic) and with
 * {@code MLFLOW_TRACKING_TOKEN} (Bearer, a token issued through the gateway's admin API).
 */
@LabTrackTest
class MlflowClientIT {
  private final LabTrackStack stack;

  MlflowClientIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @Test
  void fullTrackingSessionWithBasicCredentials() {
    try (MlflowClient c = stack.mlflow(stack.editor())) {
      trackingSession(c, "basic");
    }
  }

  @Test
  void fullTrackingSessionWithABearerToken() {
    String token = stack.issueToken(stack.editor().user(), "java client session");
    try (MlflowClient c = stack.mlflowWithToken(token)) {
      trackingSession(c, "token");
    }
  }

  @Test
  void registryCallsWithBasicCredentials() {
    try (MlflowClient c = stack.mlflow(stack.editor())) {
      registrySession(c);
    }
  }

  @Test
  void registryCallsWithABearerToken() {
    String token = stack.issueToken(stack.editor().user(), "java client registry");
    try (MlflowClient c = stack.mlflowWithToken(token)) {
      registrySession(c);
    }
  }

  /** A reader's client reads everything, and its writes come back as MLflow's 403. */
  @Test
  void aReadersClientReadsButCannotWrite() {
    String experimentId;
    String runId;
    try (MlflowClient editor = stack.mlflow(stack.editor())) {
      experimentId = editor.createExperiment(unique("reader-view"));
      runId = editor.createRun(experimentId).getRunId();
      editor.logMetric(runId, "loss", 0.5);
    }
    String token = stack.issueToken(stack.reader().user(), "reader's notebook");
    for (MlflowClient reader : List.of(stack.mlflow(stack.reader()), stack.mlflowWithToken(token))) {
      try (MlflowClient c = reader) {
        assertThat(c.getExperiment(experimentId).getExperimentId()).isEqualTo(experimentId);
        assertThat(c.searchRuns(List.of(experimentId), "metrics.loss < 1"))
            .extracting(RunInfo::getRunId).containsExactly(runId);
        assertThat(c.getMetricHistory(runId, "loss")).hasSize(1);
        assertThatThrownBy(() -> c.logMetric(runId, "loss", 0.1))
            .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
              assertThat(e.getStatusCode()).isEqualTo(403);
              assertThat(e.getBodyMessage()).contains("PERMISSION_DENIED");
            });
        assertThatThrownBy(() -> c.createExperiment(unique("not-allowed")))
            .isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
      }
    }
    try (MlflowClient editor = stack.mlflow(stack.editor())) {
      assertThat(editor.getMetricHistory(runId, "loss")).extracting(Metric::getValue)
          .containsExactly(0.5);
    }
  }

  private static void trackingSession(MlflowClient client, String label) {
    // Experiments: create, read by id and name, tag, rename, delete, restore.
    String name = unique("java-" + label);
    String experimentId = client.createExperiment(name);
    Experiment experiment = client.getExperiment(experimentId);
    assertThat(experiment.getName()).isEqualTo(name);
    assertThat(experiment.getArtifactLocation()).isEqualTo("mlflow-artifacts:/" + experimentId);
    assertThat(client.getExperimentByName(name)).map(Experiment::getExperimentId)
        .hasValue(experimentId);
    assertThat(client.getExperimentByName(unique("absent"))).isEmpty();
    client.setExperimentTag(experimentId, "team", "vision");
    client.renameExperiment(experimentId, name + "-renamed");
    experiment = client.getExperiment(experimentId);
    assertThat(experiment.getName()).isEqualTo(name + "-renamed");
    assertThat(experiment.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue())
        .contains("team=vision");

    // Runs: params, metrics with history, tags, batch.
    RunInfo info = client.createRun(experimentId);
    String runId = info.getRunId();
    assertThat(runId).matches("[0-9a-f]{32}");
    assertThat(info.getArtifactUri())
        .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
    client.logParam(runId, "learning_rate", "0.01");
    client.logMetric(runId, "loss", 0.9, 1000, 0);
    client.logMetric(runId, "loss", 0.5, 2000, 1);
    client.logMetric(runId, "loss", Double.NaN, 3000, 2);
    client.setTag(runId, "stage", "dev");
    client.setTag(runId, "gone", "soon");
    client.deleteTag(runId, "gone");
    client.logBatch(runId,
        List.of(metric("acc", 0.7, 2000, 1), metric("acc", 0.8, 3000, 2)),
        List.of(Param.newBuilder().setKey("batch_size").setValue("32").build()),
        List.of(RunTag.newBuilder().setKey("model").setValue("resnet").build()));
    Run run = client.getRun(runId);
    assertThat(run.getData().getParamsList().stream()
        .collect(Collectors.toMap(Param::getKey, Param::getValue)))
        .isEqualTo(Map.of("learning_rate", "0.01", "batch_size", "32"));
    assertThat(run.getData().getTagsList()).extracting(RunTag::getKey)
        .contains("stage", "model", "mlflow.runName").doesNotContain("gone");
    Map<String, Metric> latest = run.getData().getMetricsList().stream()
        .collect(Collectors.toMap(Metric::getKey, m -> m));
    assertThat(latest.get("loss").getValue()).isNaN();
    assertThat(latest.get("acc").getValue()).isEqualTo(0.8);
    assertThat(client.getMetricHistory(runId, "loss")).extracting(Metric::getTimestamp)
        .containsExactly(1000L, 2000L, 3000L);
    assertThatThrownBy(() -> client.logParam(runId, "learning_rate", "0.02"))
        .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE");
        });

    // Search: filter, order, paging, experiments.
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String other = client.createRun(experimentId).getRunId();
      client.logMetric(other, "score", i, 1000 + i, 0);
      client.logParam(other, "arch", i == 1 ? "cnn" : "mlp");
      others.add(other);
    }
    assertThat(client.searchRuns(List.of(experimentId), "params.arch = 'mlp'"))
        .extracting(RunInfo::getRunId).containsExactlyInAnyOrder(others.get(0), others.get(2));
    RunsPage page = client.searchRuns(List.of(experimentId), "metrics.score >= 0",
        ViewType.ACTIVE_ONLY, 2, List.of("metrics.score DESC"));
    assertThat(page.getItems()).extracting(r -> r.getInfo().getRunId())
        .containsExactly(others.get(2), others.get(1));
    assertThat(page.getNextPage().getItems()).extracting(r -> r.getInfo().getRunId())
        .containsExactly(others.get(0));
    assertThat(client.listRunInfos(experimentId)).hasSize(4);
    assertThat(client.searchExperiments("name = '" + name + "-renamed'").getItems())
        .extracting(Experiment::getExperimentId).containsExactly(experimentId);

    // Lifecycle: finish, delete and restore a run and the experiment.
    client.setTerminated(runId, RunStatus.FINISHED, 5000);
    assertThat(client.getRun(runId).getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    client.deleteRun(runId);
    assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
    assertThat(client.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY, 10)
        .getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(runId);
    client.restoreRun(runId);
    assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("active");
    client.deleteExperiment(experimentId);
    assertThat(client.getExperiment(experimentId).getLifecycleStage()).isEqualTo("deleted");
    client.restoreExperiment(experimentId);
    assertThat(client.getExperiment(experimentId).getLifecycleStage()).isEqualTo("active");
  }

  /** Every registry call the 2.17 client offers; it cannot create, so sendPost does that. */
  private static void registrySession(MlflowClient client) {
    RunInfo run = client.createRun(client.createExperiment(unique("java-registry")));
    String name = unique("classifier");
    client.sendPost("registered-models/create", "{\"name\":\"" + name + "\"}");
    for (int i = 0; i < 3; i++) {
      client.sendPost("model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"runs:/"
          + run.getRunId() + "/model\",\"run_id\":\"" + run.getRunId() + "\"}");
    }
    client.sendPost("model-versions/transition-stage", "{\"name\":\"" + name
        + "\",\"version\":\"2\",\"stage\":\"Production\",\"archive_existing_versions\":false}");

    RegisteredModel model = client.getRegisteredModel(name);
    assertThat(model.getName()).isEqualTo(name);
    assertThat(model.getLatestVersionsList())
        .extracting(v -> v.getCurrentStage() + ":" + v.getVersion())
        .containsExactlyInAnyOrder("None:3", "Production:2");
    ModelVersion version = client.getModelVersion(name, "1");
    assertThat(version.getRunId()).isEqualTo(run.getRunId());
    assertThat(version.getSource()).isEqualTo("runs:/" + run.getRunId() + "/model");
    assertThat(client.getModelVersionDownloadUri(name, "1"))
        .isEqualTo(run.getArtifactUri() + "/model");
    assertThat(client.getLatestVersions(name, List.of("Production")))
        .extracting(ModelVersion::getVersion).containsExactly("2");
    List<String> seen = new ArrayList<>();
    Page<ModelVersion> page = client.searchModelVersions("name = '" + name + "'", 2,
        List.of("version_number ASC"));
    while (true) {
      page.getItems().forEach(v -> seen.add(v.getVersion()));
      if (!page.hasNextPage()) {
        break;
      }
      page = page.getNextPage();
    }
    assertThat(seen).containsExactly("1", "2", "3");
    assertThatThrownBy(() -> client.getModelVersion(name, "9"))
        .isInstanceOfSatisfying(MlflowHttpException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Metric metric(String key, double value, long timestamp, long step) {
    return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(timestamp).setStep(step)
        .build();
  }
}
