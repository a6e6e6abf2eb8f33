package org.labtrack.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** The transport details MLflow's clients depend on, checked on raw HTTP. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class WireFormatTest {

  @TestHTTPResource("/api/2.0/mlflow/experiments/create")
  URI createExperiment;

  @Test
  void postWithoutContentTypeIsRefusedAsMlflowDoes() throws Exception {
    // REST Assured always sends a Content-Type with a body, so this one goes out bare
    HttpResponse<String> bare = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(createExperiment)
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bare.statusCode()).isEqualTo(400);
    assertThat(bare.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(bare.body()).isEqualTo("{\"error_code\":\"INVALID_PARAMETER_VALUE\","
        + "\"message\":\"Bad Request. Content-Type header is missing.\"}");
    given().contentType("text/plain").body("{\"name\": \"x\"}")
        .post("/api/2.0/mlflow/experiments/create").then().statusCode(400)
        .body("message", equalTo("Bad Request. Content-Type must be one of ['application/json']."));
    given().contentType("application/json; charset=utf-8")
        .body("{\"name\": \"" + unique("charset") + "\"}")
        .post("/api/2.0/mlflow/experiments/create").then().statusCode(200);
  }

  @Test
  void anEndpointLabTrackDoesNotServeIsNotFoundWhateverItsContentType() {
    // MLflow 3.4+ takes OTLP spans here as protobuf; without traces the answer is "no such
    // endpoint", as for a server that lacks the route, not a complaint about the body's type
    given().contentType("application/x-protobuf").header("X-Mlflow-Experiment-Id", "0")
        .body(new byte[] {0x0a, 0x00}).post("/v1/traces").then().statusCode(404)
        .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
    given().contentType("text/plain").body("x").post("/api/2.0/mlflow/traces").then()
        .statusCode(404).body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
  }

  @Test
  void malformedJsonAndWrongTypesAre400NeverStackTraces() {
    json().body("{\"name\": ").post("/api/2.0/mlflow/experiments/create").then()
        .statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", containsString("Malformed JSON"))
        .body(not(containsString("com.fasterxml")))
        .body(not(containsString("Exception")));
    String run = createRun(createExperiment(unique("types")));
    json().body("{\"run_id\": \"" + run + "\", \"key\": \"m\", \"value\": \"abc\", "
            + "\"timestamp\": 1}").post("/api/2.0/mlflow/runs/log-metric").then()
        .statusCode(400)
        .body("message", containsString("'value'"));
    json().body("{\"run_id\": \"" + run + "\", \"metrics\": [{\"key\": \"m\", \"value\": 1, "
            + "\"timestamp\": {\"a\": 1}}]}").post("/api/2.0/mlflow/runs/log-batch").then()
        .statusCode(400)
        .body("message", containsString("metrics[0].timestamp"));
    json().body("[1, 2]").post("/api/2.0/mlflow/experiments/create").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  /**
   * MLflow's protobuf parser keeps JSON types: a number or boolean is no string, so these are
   * refused in its handler's words (the 2.x and 3.x REST tests check these texts), and nothing is
   * stored. Experiment ids are the exception, as in MLflow: numbers are taken as their text.
   */
  @Test
  void aNumberOrBooleanIsNoStringExceptForExperimentIds() {
    String experiment = createExperiment(unique("types"));
    String run = createRun(experiment);
    String docs = " See the API docs for more information about request parameters.";
    json().body("{\"name\": 123}").post("/api/2.0/mlflow/experiments/create").then()
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Invalid value 123 for parameter 'name' supplied:  Hint: Value "
            + "was of type 'int'." + docs));
    json().body("{\"name\": \"" + unique("x") + "\", \"artifact_location\": 9.0}")
        .post("/api/2.0/mlflow/experiments/create").then().statusCode(400)
        .body("message", equalTo("Invalid value 9.0 for parameter 'artifact_location' supplied: "
            + " Hint: Value was of type 'float'." + docs));
    json().body("{\"run_id\": 31, \"key\": \"m\", \"value\": 1, \"timestamp\": 1}")
        .post("/api/2.0/mlflow/runs/log-metric").then().statusCode(400)
        .body("message", equalTo("Invalid value 31 for parameter 'run_id' supplied:  Hint: Value "
            + "was of type 'int'." + docs));
    json().body("{\"run_id\": \"" + run + "\", \"key\": \"t\", \"value\": true}")
        .post("/api/2.0/mlflow/runs/set-tag").then().statusCode(400)
        .body("message", equalTo("Invalid value true for parameter 'value' supplied:  Hint: "
            + "Value was of type 'bool'." + docs));
    json().body("{\"run_id\": \"" + run + "\", \"params\": [{\"key\": \"p\", \"value\": 1}]}")
        .post("/api/2.0/mlflow/runs/log-batch").then().statusCode(400)
        .body("message", containsString("Invalid value 1 for parameter 'params[0].value' "));
    // text where a number or a list belongs: the value is shown as JSON, as MLflow 3 does
    json().body("{\"run_id\": \"" + run + "\", \"key\": \"m\", \"value\": 1, "
            + "\"timestamp\": 1, \"step\": \"foo\"}").post("/api/2.0/mlflow/runs/log-metric")
        .then().statusCode(400)
        .body("message", equalTo("Invalid value \"foo\" for parameter 'step' supplied:  Hint: "
            + "Value was of type 'str'." + docs));
    json().body("{\"run_id\": \"" + run + "\", \"metrics\": \"foo\"}")
        .post("/api/2.0/mlflow/runs/log-batch").then().statusCode(400)
        .body("message", containsString("Invalid value \"foo\" for parameter 'metrics' supplied"));
    json().body("{\"run_id\": \"" + run + "\", \"metrics\": [7]}")
        .post("/api/2.0/mlflow/runs/log-batch").then().statusCode(400)
        .body("message", equalTo("Invalid value 7 for parameter 'metrics[0]' supplied:  Hint: "
            + "Value was of type 'int'." + docs));
    var stored = given().queryParam("run_id", run).get("/api/2.0/mlflow/runs/get").then()
        .statusCode(200).extract().jsonPath();
    assertThat(stored.getList("run.data.tags.key", String.class)).doesNotContain("t");
    assertThat(stored.getList("run.data.params")).isNull();

    json().body("{\"experiment_id\": " + experiment + "}").post("/api/2.0/mlflow/runs/create")
        .then().statusCode(200).body("run.info.experiment_id", equalTo(experiment));
    json().body("{\"experiment_ids\": [" + experiment + "], \"max_results\": 1}")
        .post("/api/2.0/mlflow/runs/search").then().statusCode(200)
        .body("runs[0].info.experiment_id", equalTo(experiment));
  }

  @Test
  void aNullInAListIsRefusedAndNothingIsStored() {
    String name = unique("nulls");
    json().body("{\"name\": \"" + name + "\", \"tags\": [null]}")
        .post("/api/2.0/mlflow/experiments/create").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Invalid value null for parameter 'tags[0]' supplied:  Hint: "
            + "Value was of type 'NoneType'. See the API docs for more information about "
            + "request parameters."));
    given().queryParam("experiment_name", name).get("/api/2.0/mlflow/experiments/get-by-name")
        .then().statusCode(404);
    String run = createRun(createExperiment(name));
    json().body("{\"run_id\": \"" + run + "\", \"params\": [{\"key\": \"p\", \"value\": \"v\"}], "
            + "\"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": 1}, null]}")
        .post("/api/2.0/mlflow/runs/log-batch").then().statusCode(400)
        .body("message", containsString("parameter 'metrics[1]'"));
    json().body("{\"experiment_ids\": [\"0\"], \"order_by\": [null]}")
        .post("/api/2.0/mlflow/runs/search").then().statusCode(400)
        .body("message", containsString("parameter 'order_by[0]'"));
    given().queryParam("run_id", run).get("/api/2.0/mlflow/runs/get").then().statusCode(200)
        .body("run.data.params", equalTo(null)).body("run.data.metrics", equalTo(null));
  }

  @Test
  void halfACharacterIsRefusedNotStoredAsAQuestionMark() {
    String name = unique("half");
    json().body("{\"name\": \"" + name + "\\ud800\"}")
        .post("/api/2.0/mlflow/experiments/create").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", containsString("is half of a UTF-16 surrogate pair"));
    given().queryParam("experiment_name", name + "?")
        .get("/api/2.0/mlflow/experiments/get-by-name").then().statusCode(404);
    // a whole pair is one character, stored and answered as such
    String emoji = createExperiment(name + "\uD83D\uDE00");
    given().queryParam("experiment_id", emoji).get("/api/2.0/mlflow/experiments/get").then()
        .statusCode(200).body("experiment.name", equalTo(name + "\uD83D\uDE00"));
  }

  @Test
  void anEnumTakesItsNumberAsProtobufJsonDoes() {
    String name = unique("enums");
    String experiment = createExperiment(name);
    String run = createRun(experiment);
    String deleted = createRun(experiment);
    json().body("{\"run_id\": \"" + deleted + "\"}").post("/api/2.0/mlflow/runs/delete").then()
        .statusCode(200);
    // RunStatus: 3 is FINISHED, 4 FAILED; as a number or as its text
    json().body("{\"run_id\": \"" + run + "\", \"status\": 3}")
        .post("/api/2.0/mlflow/runs/update").then().statusCode(200)
        .body("run_info.status", equalTo("FINISHED"));
    json().body("{\"run_id\": \"" + run + "\", \"status\": \"4\"}")
        .post("/api/2.0/mlflow/runs/update").then().statusCode(200)
        .body("run_info.status", equalTo("FAILED"));
    // ViewType: 2 is DELETED_ONLY, 3 ALL
    json().body("{\"experiment_ids\": [\"" + experiment + "\"], \"run_view_type\": 2}")
        .post("/api/2.0/mlflow/runs/search").then().statusCode(200)
        .body("runs.info.run_id", equalTo(List.of(deleted)));
    json().body("{\"experiment_ids\": [\"" + experiment + "\"], \"run_view_type\": 3}")
        .post("/api/2.0/mlflow/runs/search").then().statusCode(200)
        .body("runs.size()", equalTo(2));
    String gone = createExperiment(name + "-gone");
    json().body("{\"experiment_id\": \"" + gone + "\"}")
        .post("/api/2.0/mlflow/experiments/delete").then().statusCode(200);
    json().body("{\"view_type\": 2, \"max_results\": 10, \"filter\": \"name LIKE '" + name
            + "%'\"}")
        .post("/api/2.0/mlflow/experiments/search").then().statusCode(200)
        .body("experiments.experiment_id", equalTo(List.of(gone)));

    // a number no member has, a fraction or a boolean is refused, and nothing changes
    json().body("{\"run_id\": \"" + run + "\", \"status\": 9}")
        .post("/api/2.0/mlflow/runs/update").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", containsString("'status'"));
    json().body("{\"run_id\": \"" + run + "\", \"status\": 3.0}")
        .post("/api/2.0/mlflow/runs/update").then().statusCode(400)
        .body("message", containsString("Hint: Value was of type 'float'."));
    json().body("{\"run_id\": \"" + run + "\", \"status\": true}")
        .post("/api/2.0/mlflow/runs/update").then().statusCode(400)
        .body("message", containsString("Hint: Value was of type 'bool'."));
    given().queryParam("run_id", run).get("/api/2.0/mlflow/runs/get").then().statusCode(200)
        .body("run.info.status", equalTo("FAILED"));
  }

  @Test
  void aValueBeyondTheJsonReadersLimitsSaysWhichAndWhy() {
    String run = createRun(createExperiment(unique("limits")));
    // 21M characters: within the 64 MB a body may have, beyond the 20M a string may
    json().body("{\"run_id\": \"" + run + "\", \"key\": \"t\", \"value\": \""
            + "x".repeat(21_000_000) + "\"}").post("/api/2.0/mlflow/runs/set-tag").then()
        .statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Invalid value for parameter 'value' supplied: String value "
            + "length exceeds the maximum allowed (20000000)."));
    json().body("{\"run_id\": \"" + run + "\", \"key\": \"m\", \"timestamp\": 1, "
            + "\"value\": " + "9".repeat(1200) + "}").post("/api/2.0/mlflow/runs/log-metric")
        .then().statusCode(400)
        .body("message", containsString("exceeds the maximum"))
        .body(not(containsString("StreamReadConstraints")));
  }

  @Test
  void int64MayTravelAsStringsAndIdsAsNumbers() {
    String exp = createExperiment(unique("strings"));
    String run = json().body("{\"experiment_id\": " + exp + ", \"start_time\": \"1700000000000\"}")
        .post("/api/2.0/mlflow/runs/create").then().statusCode(200)
        .body("run.info.start_time", equalTo(1700000000000L))
        .extract().path("run.info.run_id");
    json().body("{\"run_id\": \"" + run + "\", \"key\": \"m\", \"value\": \"1.5\", "
            + "\"timestamp\": \"42\", \"step\": \"7\"}").post("/api/2.0/mlflow/runs/log-metric")
        .then().statusCode(200);
    given().queryParam("run_id", run).queryParam("metric_key", "m")
        .get("/api/2.0/mlflow/metrics/get-history").then()
        .body("metrics[0].timestamp", equalTo(42))
        .body("metrics[0].step", equalTo(7))
        .body("metrics[0].value", equalTo(1.5f));
  }

  @Test
  void legacyRunUuidIsAcceptedEverywhere() {
    String run = createRun(createExperiment(unique("legacy")));
    json().body(Map.of("run_uuid", run, "key", "p", "value", "1"))
        .post("/api/2.0/mlflow/runs/log-parameter").then().statusCode(200);
    given().queryParam("run_uuid", run).get("/api/2.0/mlflow/runs/get").then().statusCode(200)
        .body("run.data.params[0].key", equalTo("p"));
  }

  @Test
  void ajaxApiPrefixServesTheSameRpcs() {
    String name = unique("ajax");
    json().body(Map.of("name", name)).post("/ajax-api/2.0/mlflow/experiments/create").then()
        .statusCode(200);
    given().queryParam("experiment_name", name)
        .get("/ajax-api/2.0/mlflow/experiments/get-by-name").then().statusCode(200)
        .body("experiment.name", equalTo(name));
  }

  @Test
  void unknownEndpointsAndMethodsAreMlflowJson() {
    given().get("/api/2.0/mlflow/runs/teleport").then().statusCode(404)
        .contentType(ContentType.JSON)
        .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
    given().get("/api/2.0/mlflow/experiments/create").then().statusCode(405)
        .contentType(ContentType.JSON)
        .body("error_code", equalTo("BAD_REQUEST"));
  }

  @Test
  void healthAndVersionArePlainText() {
    given().get("/health").then().statusCode(200).body(equalTo("OK"));
    given().get("/version").then().statusCode(200).contentType(ContentType.TEXT)
        .body(equalTo("3.0.0"));
  }

  @Test
  void emptySuccessIsAnEmptyObject() {
    String run = createRun(createExperiment(unique("empty")));
    json().body(Map.of("run_id", run, "key", "k", "value", "v"))
        .post("/api/2.0/mlflow/runs/set-tag").then().statusCode(200).body(equalTo("{}"));
  }
}
