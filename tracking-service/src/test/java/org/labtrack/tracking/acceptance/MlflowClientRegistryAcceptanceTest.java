package org.labtrack.tracking.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.RegistryWire.createVersion;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;

/**
 * MLflow's Java client reading the registry: every registry call it offers. It has no create
 * calls, so models and versions are made over raw HTTP first.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class MlflowClientRegistryAcceptanceTest {

  @TestHTTPResource("/")
  URL server;

  MlflowClient client;

  @BeforeEach
  void connect() {
    client = new MlflowClient(server.toString().replaceAll("/$", ""));
  }

  @Test
  void registeredModelAndVersionsReadBack() {
    String experimentId = client.createExperiment(unique("registry-acceptance"));
    RunInfo run = client.createRun(experimentId);
    String name = unique("classifier");
    createModel(name);
    post("/registered-models/set-tag", Map.of("name", name, "key", "team", "value", "vision"))
        .statusCode(200);
    String v1 = createVersion(name, "runs:/" + run.getRunId() + "/model");
    String v2 = createVersion(name, run.getArtifactUri() + "/model");
    post("/model-versions/transition-stage", Map.of("name", name, "version", v2,
        "stage", "production", "archive_existing_versions", false)).statusCode(200);
    post("/registered-models/alias", Map.of("name", name, "alias", "champion", "version", v2))
        .statusCode(200);

    RegisteredModel model = client.getRegisteredModel(name);
    assertThat(model.getName()).isEqualTo(name);
    assertThat(model.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue())
        .containsExactly("team=vision");
    assertThat(model.getAliasesList()).extracting(a -> a.getAlias() + "->" + a.getVersion())
        .containsExactly("champion->" + v2);
    assertThat(model.getLatestVersionsList())
        .extracting(v -> v.getCurrentStage() + ":" + v.getVersion())
        .containsExactlyInAnyOrder("None:" + v1, "Production:" + v2);

    ModelVersion version = client.getModelVersion(name, v1);
    assertThat(version.getVersion()).isEqualTo("1");
    assertThat(version.getStatus()).isEqualTo(ModelVersionStatus.READY);
    assertThat(version.getCurrentStage()).isEqualTo("None");
    assertThat(version.getSource()).isEqualTo("runs:/" + run.getRunId() + "/model");
    assertThat(version.getRunId()).isEqualTo(run.getRunId());
    assertThat(client.getModelVersion(name, v2).getAliasesList()).containsExactly("champion");

    assertThat(client.getModelVersionDownloadUri(name, v1))
        .isEqualTo(run.getArtifactUri() + "/model");
    assertThat(client.getModelVersionDownloadUri(name, v2))
        .isEqualTo(run.getArtifactUri() + "/model");

    assertThat(client.getLatestVersions(name)).extracting(ModelVersion::getVersion)
        .containsExactlyInAnyOrder(v1, v2);
    assertThat(client.getLatestVersions(name, List.of("Production")))
        .extracting(ModelVersion::getVersion).containsExactly(v2);
    assertThat(client.getLatestVersions(name, List.of("staging"))).isEmpty();
  }

  @Test
  void searchModelVersionsPagesThroughEverything() {
    String name = unique("paged");
    createModel(name);
    for (int i = 0; i < 5; i++) {
      createVersion(name, "mlflow-artifacts:/0/r" + i + "/artifacts/model");
    }
    Page<ModelVersion> page = client.searchModelVersions("name = '" + name + "'", 2,
        List.of("version_number ASC"));
    List<String> seen = new ArrayList<>();
    while (true) {
      page.getItems().forEach(v -> seen.add(v.getVersion()));
      if (!page.hasNextPage()) {
        break;
      }
      page = page.getNextPage();
    }
    assertThat(seen).containsExactly("1", "2", "3", "4", "5");
    assertThat(client.searchModelVersions("name = '" + name + "' AND version_number > 3")
        .getItems()).extracting(ModelVersion::getVersion).containsExactly("5", "4");
  }

  @Test
  void missingModelsAndVersionsAre404sAndBadFiltersAre400s() {
    assertThatThrownBy(() -> client.getRegisteredModel(unique("absent")))
        .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(404);
          assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
        });
    String name = unique("present");
    createModel(name);
    assertThatThrownBy(() -> client.getModelVersion(name, "7"))
        .isInstanceOfSatisfying(MlflowHttpException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(404));
    assertThatThrownBy(() -> client.getLatestVersions(name, List.of("Beta")))
        .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getBodyMessage()).contains("Invalid Model Version stage: Beta");
        });
    assertThatThrownBy(() -> client.searchModelVersions("name = 'a' OR name = 'b'"))
        .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getBodyMessage()).contains("Invalid clause(s) in filter string: OR");
        });
  }
}
