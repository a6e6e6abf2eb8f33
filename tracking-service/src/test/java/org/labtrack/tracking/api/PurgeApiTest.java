package org.labtrack.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.labtrack.tracking.support.RegistryWire.createLoggedModel;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.RegistryWire.createVersion;
import static org.labtrack.tracking.support.RegistryWire.delete;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class PurgeApiTest {
  private static final String PURGE = "/internal/v1/purge";

  @Inject
  AgroalDataSource dataSource;

  @Test
  void namedDeletedRunGoesWithEverythingItLoggedAndLeavesItsRootPending() throws SQLException {
    String experimentId = createExperiment(unique("purge"));
    String runId = loggedRun(experimentId);
    String artifactUri = get("/runs/get", Map.of("run_id", runId)).statusCode(200)
        .extract().path("run.info.artifact_uri");
    assertThat(rowsOf(runId)).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());
    post("/runs/delete", Map.of("run_id", runId)).statusCode(200);

    JsonPath result = purge(Map.of("run_ids", List.of(runId))).statusCode(200).extract().jsonPath();

    assertThat(result.getList("run_ids")).containsExactly(runId);
    assertThat(result.getList("kept")).isNull();
    get("/runs/get", Map.of("run_id", runId)).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    assertThat(rowsOf(runId)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
    Map<String, Object> pending = pendingFor("run " + runId);
    assertThat(pending).containsEntry("uri", artifactUri);

    json().body(Map.of("ids", List.of(pending.get("id")))).post(PURGE + "/artifacts/removed")
        .then().statusCode(200);
    assertThat(pendingFor("run " + runId)).isNull();
    // the experiment is untouched, and purging the run again finds nothing
    get("/experiments/get", Map.of("experiment_id", experimentId)).statusCode(200);
    purge(Map.of("run_ids", List.of(runId))).statusCode(404)
        .body("message", equalTo("Run with id=" + runId + " not found"));
  }

  @Test
  void aNamedRunThatIsNotDeletedOrTooNewRefusesTheWholeRequest() {
    String experimentId = createExperiment(unique("purge-refused"));
    String deleted = createRun(experimentId);
    post("/runs/delete", Map.of("run_id", deleted)).statusCode(200);
    String active = createRun(experimentId);

    purge(Map.of("run_ids", List.of(deleted, active))).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Run " + active + " is not in `deleted` lifecycle stage. "
            + "Only runs in `deleted` lifecycle stage can be deleted."));
    purge(Map.of("run_ids", List.of(deleted), "older_than", "1d")).statusCode(400)
        .body("message", equalTo("Run " + deleted + " is not older than the required age. "
            + "Only runs older than 1d can be deleted."));
    purge(Map.of("run_ids", List.of(deleted), "older_than", "0.5d")).statusCode(400)
        .body("message", equalTo("Run " + deleted + " is not older than the required age. "
            + "Only runs older than 0.5d can be deleted."));
    purge(Map.of("run_ids", List.of(deleted), "older_than", "1 day")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Could not parse any time information from '1 day'. "
            + "Examples of valid strings: '8h', '2d8h5m20s', '2m4s'"));
    purge(Map.of("experiment_ids", List.of(experimentId))).statusCode(400)
        .body("message", equalTo("Experiments ['" + experimentId + "'] are not in the deleted "
            + "lifecycle stage. Only experiments in the deleted lifecycle stage can be "
            + "hard-deleted."));

    // nothing was removed by the refused requests
    get("/runs/get", Map.of("run_id", deleted)).statusCode(200)
        .body("run.info.lifecycle_stage", equalTo("deleted"));
    get("/runs/get", Map.of("run_id", active)).statusCode(200);
    // old enough once the clock has moved past it
    purge(Map.of("run_ids", List.of(deleted), "older_than", "0s")).statusCode(200)
        .body("run_ids", equalTo(List.of(deleted)));
  }

  @Test
  void aRunAVersionWasRegisteredFromIsKeptUntilTheVersionIsDeleted() {
    String experimentId = createExperiment(unique("purge-registered"));
    String runId = createRun(experimentId);
    String model = unique("purge-model");
    createModel(model);
    String version = createVersion(model, "runs:/" + runId + "/model", runId, Map.of());
    post("/runs/delete", Map.of("run_id", runId)).statusCode(200);

    purge(Map.of("run_ids", List.of(runId))).statusCode(200)
        .body("run_ids", org.hamcrest.Matchers.nullValue())
        .body("kept[0].run_id", equalTo(runId))
        .body("kept[0].reason", equalTo("it is the source of model version '" + model
            + "' version " + version));
    get("/runs/get", Map.of("run_id", runId)).statusCode(200);

    delete("/model-versions/delete", Map.of("name", model, "version", version)).statusCode(200);
    purge(Map.of("run_ids", List.of(runId))).statusCode(200)
        .body("run_ids", equalTo(List.of(runId)));
  }

  /** A version registered from a path (no run named) whose files are under a run's root. */
  @Test
  void aRunWhoseFilesAVersionPointsAtIsKept() {
    String experimentId = createExperiment(unique("purge-path"));
    String runId = createRun(experimentId);
    String artifactUri = get("/runs/get", Map.of("run_id", runId)).statusCode(200)
        .extract().path("run.info.artifact_uri");
    String model = unique("purge-path-model");
    createModel(model);
    String version = createVersion(model, artifactUri + "/model");
    post("/runs/delete", Map.of("run_id", runId)).statusCode(200);

    String reason = "it is the source of model version '" + model + "' version " + version;
    purge(Map.of("older_than", "0s", "dry_run", true)).statusCode(200)
        .body("kept.find { it.run_id == '" + runId + "' }.reason", equalTo(reason));
    purge(Map.of("run_ids", List.of(runId))).statusCode(200)
        .body("kept[0].reason", equalTo(reason));
    get("/runs/get", Map.of("run_id", runId)).statusCode(200);
    // and so is the experiment that holds it
    post("/experiments/delete", Map.of("experiment_id", experimentId)).statusCode(200);
    purge(Map.of("experiment_ids", List.of(experimentId))).statusCode(200)
        .body("kept[0].experiment_id", equalTo(experimentId));
  }

  @Test
  void aDeletedLoggedModelGoesUnlessAVersionCameFromIt() {
    String experimentId = createExperiment(unique("purge-models"));
    String gone = createLoggedModel(experimentId, Map.of("name", "gone"));
    String registered = createLoggedModel(experimentId, Map.of("name", "registered"));
    String active = createLoggedModel(experimentId, Map.of("name", "active"));
    String location = get("/logged-models/" + gone, Map.of()).statusCode(200)
        .extract().path("model.info.artifact_uri");
    String model = unique("purge-lm");
    createModel(model);
    post("/model-versions/create", Map.of("name", model, "source", "models:/" + registered,
        "model_id", registered)).statusCode(200);
    for (String id : List.of(gone, registered)) {
      delete("/logged-models/" + id, Map.of()).statusCode(200);
    }

    purge(Map.of("logged_model_ids", List.of(gone, active))).statusCode(400)
        .body("message", equalTo("Logged model " + active + " is not in `deleted` lifecycle "
            + "stage. Only logged models in `deleted` lifecycle stage can be deleted."));
    JsonPath all = purge(Map.of("dry_run", true)).statusCode(200).extract().jsonPath();
    assertThat(all.getList("logged_model_ids", String.class)).contains(gone)
        .doesNotContain(registered, active);
    assertThat(all.getList("kept.model_id", String.class)).contains(registered);

    purge(Map.of("logged_model_ids", List.of(gone, registered))).statusCode(200)
        .body("logged_model_ids", equalTo(List.of(gone)))
        .body("kept[0].model_id", equalTo(registered))
        .body("kept[0].reason", equalTo("it is the source of model version '" + model
            + "' version 1"));
    get("/logged-models/" + gone, Map.of()).statusCode(404);
    assertThat(pendingFor("logged model " + gone)).containsEntry("uri", location);
    get("/logged-models/" + active, Map.of()).statusCode(200);
  }

  @Test
  void aDeletedExperimentGoesWithAllItsRunsAndModelsAndFreesItsName() throws SQLException {
    String name = unique("purge-experiment");
    String experimentId = createExperiment(name);
    String first = loggedRun(experimentId);
    String second = createRun(experimentId);
    String modelId = createLoggedModel(experimentId, Map.of("name", "m"));
    post("/experiments/delete", Map.of("experiment_id", experimentId)).statusCode(200);

    JsonPath dry = purge(Map.of("experiment_ids", List.of(experimentId), "dry_run", true))
        .statusCode(200).extract().jsonPath();
    assertThat(dry.getList("run_ids")).containsExactlyInAnyOrder(first, second);
    get("/runs/get", Map.of("run_id", first)).statusCode(200);

    JsonPath result = purge(Map.of("experiment_ids", List.of(experimentId))).statusCode(200)
        .extract().jsonPath();
    assertThat(result.getList("run_ids")).containsExactlyInAnyOrder(first, second);
    assertThat(result.getList("experiment_ids")).containsExactly(experimentId);
    get("/experiments/get", Map.of("experiment_id", experimentId)).statusCode(404);
    get("/runs/get", Map.of("run_id", second)).statusCode(404);
    get("/logged-models/" + modelId, Map.of()).statusCode(404);
    assertThat(rowsOf(first)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
    assertThat(pendingFor("run " + first)).isNotNull();
    assertThat(pendingFor("a LoggedModel of experiment " + experimentId)).isNotNull();
    // MLflow keeps a deleted experiment's name taken until it is purged
    post("/experiments/create", Map.of("name", name)).statusCode(200);
  }

  @Test
  void withoutIdsEveryDeletedRunAndExperimentOldEnoughGoes() {
    String experimentId = createExperiment(unique("purge-all"));
    String deleted = createRun(experimentId);
    String active = createRun(experimentId);
    String registered = createRun(experimentId);
    String model = unique("purge-all-model");
    createModel(model);
    createVersion(model, "runs:/" + registered + "/model", registered, Map.of());
    for (String runId : List.of(deleted, registered)) {
      post("/runs/delete", Map.of("run_id", runId)).statusCode(200);
    }
    String deletedExperiment = createExperiment(unique("purge-all-deleted"));
    post("/experiments/delete", Map.of("experiment_id", deletedExperiment)).statusCode(200);

    // just deleted: too new for a day, old enough for no age at all
    JsonPath young = purge(Map.of("older_than", "1d", "dry_run", true)).statusCode(200)
        .extract().jsonPath();
    assertThat(young.getList("run_ids", String.class)).doesNotContain(deleted);
    assertThat(young.getList("experiment_ids", String.class)).doesNotContain(deletedExperiment);

    JsonPath result = purge(Map.of()).statusCode(200).extract().jsonPath();
    assertThat(result.getList("run_ids", String.class)).contains(deleted)
        .doesNotContain(active, registered);
    assertThat(result.getList("experiment_ids", String.class)).contains(deletedExperiment)
        .doesNotContain(experimentId);
    assertThat(result.getList("kept.run_id", String.class)).contains(registered);
    get("/runs/get", Map.of("run_id", active)).statusCode(200);
    get("/runs/get", Map.of("run_id", registered)).statusCode(200);
    get("/runs/get", Map.of("run_id", deleted)).statusCode(404);
  }

  @Test
  void badRequestsAreRefusedInMlflowsFormat() {
    purge(Map.of("run_ids", List.of(""))).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    purge(Map.of("experiment_ids", List.of("nope"))).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    purge(Map.of("older_than", "99999999999999999d")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    purge(Map.of("older_than", "1.2.3d")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    purge(Map.of("logged_model_ids", List.of("m-nope"))).statusCode(404)
        .body("message", equalTo("Logged model with ID 'm-nope' not found."));
    given().queryParam("limit", 0).get(PURGE + "/artifacts").then().statusCode(400);
  }

  /** A run with a param, a tag, a metric and a dataset input. */
  private static String loggedRun(String experimentId) {
    String runId = createRun(experimentId);
    post("/runs/log-batch", Map.of("run_id", runId,
        "params", List.of(Map.of("key", "p", "value", "1")),
        "tags", List.of(Map.of("key", "t", "value", "x")),
        "metrics", List.of(Map.of("key", "m", "value", 0.5, "timestamp", 1, "step", 0))))
        .statusCode(200);
    post("/runs/log-inputs", Map.of("run_id", runId, "datasets", List.of(Map.of(
        "dataset", Map.of("name", "d", "digest", "abc", "source_type", "local",
            "source", "{}")))))
        .statusCode(200);
    return runId;
  }

  private static io.restassured.response.ValidatableResponse purge(Map<String, Object> body) {
    return json().body(body).post(PURGE).then();
  }

  private static Map<String, Object> pendingFor(String owner) {
    List<Map<String, Object>> all = given().get(PURGE + "/artifacts").then().statusCode(200)
        .extract().jsonPath().getList("artifacts");
    return all == null ? null : all.stream().filter(a -> owner.equals(a.get("owner")))
        .findFirst().orElse(null);
  }

  /** How many rows each table holds for the run. */
  private Map<String, Integer> rowsOf(String runId) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      for (String table : List.of("runs", "params", "tags", "metric_chunks", "latest_metrics")) {
        counts.put(table, count(c, "SELECT COUNT(*) FROM " + table + " WHERE run_uuid = ?", runId));
      }
      counts.put("inputs", count(c, "SELECT COUNT(*) FROM inputs WHERE destination_id = ?", runId));
    }
    return counts;
  }

  private static int count(Connection c, String sql, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
