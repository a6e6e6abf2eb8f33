package org.labtrack.tracking.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.RegistryWire.createVersion;
import static org.labtrack.tracking.support.RegistryWire.delete;
import static org.labtrack.tracking.support.RegistryWire.patch;
import static org.labtrack.tracking.support.RegistryWire.tags;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.common.internal.Internal;
import org.labtrack.tracking.support.MariaDbTestResource;

/** Every model-versions route on raw HTTP: success shapes and MLflow's error for each misuse. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ModelVersionsApiTest {

  @Test
  void createHasMlflowShape() {
    String exp = createExperiment(unique("mv"));
    var run = post("/runs/create", Map.of("experiment_id", exp)).statusCode(200).extract()
        .jsonPath();
    String runId = run.getString("run.info.run_id");
    String name = unique("shape");
    createModel(name);
    json().header(Internal.USER_HEADER, "ada").body(Map.of("name", name,
            "source", "runs:/" + runId + "/model", "run_link", "http://x/run",
            "description", "d", "tags", tags("k", "v")))
        .post("/api/2.0/mlflow/model-versions/create").then().statusCode(200)
        .body("model_version.name", equalTo(name))
        .body("model_version.version", equalTo("1"))
        .body("model_version.current_stage", equalTo("None"))
        .body("model_version.status", equalTo("READY"))
        .body("model_version.source", equalTo("runs:/" + runId + "/model"))
        .body("model_version.run_id", equalTo(runId))
        .body("model_version.run_link", equalTo("http://x/run"))
        .body("model_version.description", equalTo("d"))
        .body("model_version.user_id", equalTo("ada"))
        .body("model_version.tags", equalTo(tags("k", "v")))
        .body("model_version.aliases", nullValue())
        .body("model_version.model_id", nullValue());
    get("/model-versions/get-download-uri", Map.of("name", name, "version", "1"))
        .statusCode(200)
        .body("artifact_uri", equalTo(run.getString("run.info.artifact_uri") + "/model"));
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.latest_versions[0].version", equalTo("1"));
  }

  @Test
  void searchesAndLatestVersionsAnswerEveryFieldAsGetDoes() {
    String exp = createExperiment(unique("mv-fields"));
    String runId = post("/runs/create", Map.of("experiment_id", exp)).statusCode(200)
        .extract().jsonPath().getString("run.info.run_id");
    String modelId = post("/logged-models", Map.of("experiment_id", exp, "name", "m",
        "model_type", "clf", "source_run_id", runId)).statusCode(200)
        .extract().jsonPath().getString("model.info.model_id");
    String name = unique("fields");
    post("/registered-models/create", Map.of("name", name, "description", "model d",
        "tags", tags("team", "x"))).statusCode(200);
    json().header(Internal.USER_HEADER, "ada").body(Map.of("name", name,
            "source", "models:/" + modelId, "model_id", modelId, "run_link", "http://x/run",
            "description", "d", "tags", tags("k", "v")))
        .post("/api/2.0/mlflow/model-versions/create").then().statusCode(200);
    post("/registered-models/alias", Map.of("name", name, "alias", "best", "version", "1"))
        .statusCode(200);
    Map<String, Object> version = get("/model-versions/get",
        Map.of("name", name, "version", "1")).statusCode(200).extract().path("model_version");
    assertThat(version).containsKeys("run_link", "user_id", "model_id", "run_id", "aliases");
    Map<String, Object> searched = get("/model-versions/search",
        Map.of("filter", "name = '" + name + "'")).statusCode(200).extract()
        .path("model_versions[0]");
    assertThat(searched).isEqualTo(version);
    Map<String, Object> model = get("/registered-models/get", Map.of("name", name))
        .statusCode(200).extract().path("registered_model");
    assertThat(get("/registered-models/search", Map.of("filter", "name = '" + name + "'"))
        .statusCode(200).extract().<Map<String, Object>>path("registered_models[0]"))
        .isEqualTo(model);
    assertThat(model.get("description")).isEqualTo("model d");
    assertThat(((List<?>) model.get("latest_versions"))).hasSize(1);
    Map<String, Object> logged = get("/logged-models/" + modelId, Map.of()).statusCode(200)
        .extract().path("model");
    assertThat(post("/logged-models/search", Map.of("experiment_ids", List.of(exp)))
        .statusCode(200).extract().<Map<String, Object>>path("models[0]")).isEqualTo(logged);
  }

  @Test
  void sourcesAreCheckedAsMlflowChecksThem() {
    String name = unique("sources");
    createModel(name);
    post("/model-versions/create", Map.of("name", name)).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'source'. See the API "
            + "docs for more information about request parameters."));
    post("/model-versions/create", Map.of("name", name, "source", "/tmp/model")).statusCode(400)
        .body("message", equalTo("Invalid model version source: '/tmp/model'. To use a local "
            + "path as a model version source, the run_id request parameter has to be specified "
            + "and the local path has to be contained within the artifact directory of the run "
            + "specified by the run_id."));
    for (String bad : List.of("mlflow-artifacts:/0/../../etc", "s3://bucket/a/./b",
        "mlflow-artifacts:/0/%2E%2E/x", "s3://bucket")) {
      post("/model-versions/create", Map.of("name", name, "source", bad)).statusCode(400)
          .body("message", equalTo("Invalid model version source: '" + bad + "'. If supplying a "
              + "source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts "
              + "uri, an absolute path must be provided without relative path references present."
              + " Please provide an absolute path."));
    }
    post("/model-versions/create", Map.of("name", name, "source", "runs:/" + "f".repeat(32)
        + "/m")).statusCode(404)
        .body("message", equalTo("Run with id=" + "f".repeat(32) + " not found"));
    post("/model-versions/create", Map.of("name", "absent-" + name, "source", "s3://b/m"))
        .statusCode(404)
        .body("message", equalTo("Registered Model with name=absent-" + name + " not found"));

    // a models:/<name>/<version> source downloads from where that version's files are
    createVersion(name, "s3://bucket/first");
    post("/model-versions/create", Map.of("name", name, "source", "models:/" + name + "/1"))
        .statusCode(200);
    get("/model-versions/get-download-uri", Map.of("name", name, "version", "2"))
        .body("artifact_uri", equalTo("s3://bucket/first"));
    post("/model-versions/create", Map.of("name", name, "source", "models:/" + name + "/9"))
        .statusCode(400).body("message", equalTo("Unable to fetch model from model URI source "
            + "artifact location 'models:/" + name + "/9'.Error: Model Version (name=" + name
            + ", version=9) not found"));
  }

  @Test
  void getUpdateDeleteAndNumberingNeverReusesANumber() {
    String name = unique("numbers");
    createModel(name);
    createVersion(name, "s3://b/1");
    createVersion(name, "s3://b/2");
    get("/model-versions/get", Map.of("name", name, "version", "abc")).statusCode(400)
        .body("message", equalTo("Parameter 'version' must be an integer, got 'abc'."));
    get("/model-versions/get", Map.of("name", name, "version", "3")).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
        .body("message", equalTo("Model Version (name=" + name + ", version=3) not found"));
    patch("/model-versions/update", Map.of("name", name, "version", "1", "description", "hi"))
        .statusCode(200).body("model_version.description", equalTo("hi"));
    patch("/model-versions/update", Map.of("name", name, "version", "1")).statusCode(200)
        .body("model_version.description", nullValue());
    delete("/model-versions/delete", Map.of("name", name, "version", "2")).statusCode(200)
        .body(equalTo("{}"));
    get("/model-versions/get", Map.of("name", name, "version", "2")).statusCode(404);
    delete("/model-versions/delete", Map.of("name", name, "version", "2")).statusCode(404);
    assertThat(createVersion(name, "s3://b/3")).isEqualTo("3");
    get("/model-versions/search", Map.of("filter", "name = '" + name + "'"))
        .body("model_versions.version", equalTo(List.of("3", "1")));
  }

  @Test
  void transitionStageArchivesExistingVersions() {
    String name = unique("stages");
    createModel(name);
    createVersion(name, "s3://b/1");
    createVersion(name, "s3://b/2");
    post("/model-versions/transition-stage", Map.of("name", name, "version", "1",
        "stage", "Production", "archive_existing_versions", false)).statusCode(200)
        .body("model_version.current_stage", equalTo("Production"));
    post("/model-versions/transition-stage", Map.of("name", name, "version", "2",
        "stage", "production", "archive_existing_versions", true)).statusCode(200)
        .body("model_version.current_stage", equalTo("Production"));
    get("/model-versions/get", Map.of("name", name, "version", "1"))
        .body("model_version.current_stage", equalTo("Archived"));
    post("/model-versions/transition-stage", Map.of("name", name, "version", "2",
        "stage", "Gold")).statusCode(400).body("message", equalTo("Invalid Model Version stage: "
        + "Gold. Value must be one of None, Staging, Production, Archived."));
    post("/model-versions/transition-stage", Map.of("name", name, "version", "2",
        "stage", "none", "archive_existing_versions", true)).statusCode(400)
        .body("message", equalTo("Model version transition cannot archive existing model "
            + "versions because 'none' is not an Active stage. Valid stages are "
            + "['Staging', 'Production']"));
    post("/model-versions/transition-stage", Map.of("name", name, "version", "2"))
        .statusCode(400).body("message", equalTo("Missing value for required parameter 'stage'. "
            + "See the API docs for more information about request parameters."));
  }

  @Test
  void versionTags() {
    String name = unique("vtags");
    createModel(name);
    createVersion(name, "s3://b/1");
    post("/model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k",
        "value", "v")).statusCode(200);
    post("/model-versions/set-tag", Map.of("name", name, "version", "1", "key", "p",
        "value", "y".repeat(100_001))).statusCode(400)
        .body("message", equalTo("'value' exceeds the maximum length of 100000 characters"));
    post("/model-versions/set-tag", Map.of("name", name, "version", "1",
        "key", "mlflow.prompt.text", "value", "y".repeat(100_001))).statusCode(400)
        .body("message", equalTo("Prompt text exceeds max length of 100000 characters."));
    post("/model-versions/set-tag", Map.of("name", name, "version", "2", "key", "k",
        "value", "v")).statusCode(404);
    get("/model-versions/get", Map.of("name", name, "version", "1"))
        .body("model_version.tags", equalTo(tags("k", "v")));
    delete("/model-versions/delete-tag", Map.of("name", name, "version", "1", "key", "k"))
        .statusCode(200);
    delete("/model-versions/delete-tag", Map.of("name", name, "version", "1", "key", "k"))
        .statusCode(200);
    get("/model-versions/get", Map.of("name", name, "version", "1"))
        .body("model_version.tags", nullValue());
  }

  @Test
  void deleteWithoutJsonBodyOrOnWrongMethodIsRefusedInJson() {
    json().body(Map.of("name", "x")).get("/api/2.0/mlflow/model-versions/delete").then()
        .statusCode(405).body("error_code", equalTo("BAD_REQUEST"));
    json().body("{\"name\": ").delete("/api/2.0/mlflow/model-versions/delete").then()
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }
}
