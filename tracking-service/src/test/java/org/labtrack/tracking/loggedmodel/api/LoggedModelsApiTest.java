package org.labtrack.tracking.loggedmodel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.labtrack.tracking.support.RegistryWire.createLoggedModel;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.RegistryWire.delete;
import static org.labtrack.tracking.support.RegistryWire.patch;
import static org.labtrack.tracking.support.RegistryWire.tags;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * MLflow 3 LoggedModels on raw HTTP, in the order {@code log_model} drives them: create, link
 * the run's output, finalize, read back, register; and every route's errors.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class LoggedModelsApiTest {
  private static final String API = "/api/2.0/mlflow";

  @Test
  void logModelFlowAsMlflow3ClientDrivesIt() {
    String exp = createExperiment(unique("lm"));
    String run = createRun(exp);
    var created = post("/logged-models", Map.of("experiment_id", exp, "name", "clf",
        "model_type", "Classifier", "source_run_id", run,
        "params", tags("alpha", "0.1"), "tags", tags("mlflow.user", "ada"))).statusCode(200)
        .body("model.info.model_id", matchesPattern("m-[0-9a-f]{32}"))
        .body("model.info.experiment_id", equalTo(exp))
        .body("model.info.name", equalTo("clf"))
        .body("model.info.status", equalTo("LOGGED_MODEL_PENDING"))
        .body("model.info.model_type", equalTo("Classifier"))
        .body("model.info.source_run_id", equalTo(run))
        .body("model.info.tags", equalTo(tags("mlflow.user", "ada")))
        .body("model.data.params", equalTo(tags("alpha", "0.1")))
        .body("model.data.metrics", nullValue())
        .extract().jsonPath();
    String id = created.getString("model.info.model_id");
    assertThat(created.getString("model.info.artifact_uri"))
        .isEqualTo("mlflow-artifacts:/" + exp + "/models/" + id + "/artifacts");
    assertThat(created.getLong("model.info.creation_timestamp_ms")).isPositive();

    post("/runs/outputs", Map.of("run_id", run, "models",
        List.of(Map.of("model_id", id, "step", 3)))).statusCode(200).body(equalTo("{}"));
    json().get(API + "/logged-models/" + id).then().statusCode(200)
        .body("model.info.model_id", equalTo(id));
    patch("/logged-models/" + id, Map.of("model_id", id, "status", "LOGGED_MODEL_READY"))
        .statusCode(200).body("model.info.status", equalTo("LOGGED_MODEL_READY"));
    patch("/logged-models/" + id, Map.of("status", 3)).statusCode(200)
        .body("model.info.status", equalTo("LOGGED_MODEL_UPLOAD_FAILED"));
    patch("/logged-models/" + id, Map.of("status", "2")).statusCode(200)
        .body("model.info.status", equalTo("LOGGED_MODEL_READY"));
    patch("/logged-models/" + id, Map.of("status", "DONE")).statusCode(400)
        .body("message", equalTo("Invalid value \"DONE\" for parameter 'status' supplied:  "
            + "Hint: Value was of type 'str'. See the API docs for more information about "
            + "request parameters."));
    patch("/logged-models/" + id, Map.of()).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'status'. See the API "
            + "docs for more information about request parameters."));

    // registering it: models:/<id> downloads from the model's own artifact location
    String name = unique("from-logged");
    createModel(name);
    post("/model-versions/create", Map.of("name", name, "source", "models:/" + id,
        "model_id", id)).statusCode(200)
        .body("model_version.model_id", equalTo(id))
        .body("model_version.run_id", equalTo(run));
    get("/model-versions/get-download-uri", Map.of("name", name, "version", "1"))
        .body("artifact_uri", equalTo(created.getString("model.info.artifact_uri")));
    json().get(API + "/logged-models/" + id).then()
        .body("model.info.tags.find { it.key == 'mlflow.modelVersions' }.value",
            equalTo("[{\"name\": \"" + name + "\", \"version\": 1}]"));
  }

  @Test
  void aVersionNamingAModelThatDoesNotExistIsNotRegisteredHalfWay() {
    String exp = createExperiment(unique("lm-missing"));
    String run = createRun(exp);
    String name = unique("from-missing");
    createModel(name);
    // The version row would be written before the logged model is found to be missing.
    post("/model-versions/create", Map.of("name", name, "source", "runs:/" + run + "/model",
        "run_id", run, "model_id", "m-0123456789abcdef0123456789abcdef")).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    // Numbers are never reused, so a version stored by the failed request would make this 2.
    post("/model-versions/create", Map.of("name", name, "source", "runs:/" + run + "/model",
        "run_id", run)).statusCode(200)
        .body("model_version.version", equalTo("1"));
  }

  @Test
  void runMetricsLoggedWithAModelIdAreTheModelsMetrics() {
    String exp = createExperiment(unique("lm-metrics"));
    String run = createRun(exp);
    String good = createLoggedModel(exp, Map.of("name", "good", "source_run_id", run));
    String poor = createLoggedModel(exp, Map.of("name", "poor", "source_run_id", run));
    String silent = createLoggedModel(exp, Map.of("name", "silent", "source_run_id", run));
    post("/runs/outputs", Map.of("run_id", run, "models", List.of(Map.of("model_id", good,
        "step", 1), Map.of("model_id", poor, "step", 2)))).statusCode(200);
    post("/runs/log-metric", Map.of("run_id", run, "key", "acc", "value", 0.9,
        "timestamp", 10, "step", 1, "model_id", good, "dataset_name", "test",
        "dataset_digest", "d1")).statusCode(200);
    post("/runs/log-batch", Map.of("run_id", run, "metrics", List.of(
        Map.of("key", "acc", "value", 0.4, "timestamp", 11, "step", 2, "model_id", poor,
            "dataset_name", "train", "dataset_digest", "d2"),
        Map.of("key", "acc", "value", 0.5, "timestamp", 12, "step", 2, "model_id", "m-none"),
        Map.of("key", "acc", "value", 0.45, "timestamp", 12, "step", 2, "model_id", "m-\u00e9"),
        Map.of("key", "loss", "value", 0.1, "timestamp", 12, "step", 2)))).statusCode(200);
    // a model id no model can have (ids are ASCII) is an unknown model, as m-none is
    post("/runs/log-metric", Map.of("run_id", run, "key", "acc", "value", 0.3, "timestamp", 1,
        "step", 0, "model_id", "m-\u00e9")).statusCode(200);

    json().get(API + "/logged-models/" + good).then().statusCode(200)
        .body("model.data.metrics", equalTo(List.of(Map.of("key", "acc", "value", 0.9f,
            "timestamp", 10, "step", 1, "dataset_name", "test", "dataset_digest", "d1",
            "model_id", good, "run_id", run))));
    // the run still has its own latest metric
    get("/runs/get", Map.of("run_id", run)).statusCode(200)
        .body("run.data.metrics.find { it.key == 'acc' }.value", equalTo(0.5f))
        .body("run.outputs.model_outputs", org.hamcrest.Matchers.containsInAnyOrder(
            Map.of("model_id", good, "step", 1), Map.of("model_id", poor, "step", 2)));

    assertThat(names(exp, "metrics.acc > 0.5", null)).containsExactly("good");
    assertThat(names(exp, "metrics.acc < 1", null)).containsExactly("good", "poor");
    assertThat(post("/logged-models/search", Map.of("experiment_ids", List.of(exp),
        "filter", "metrics.acc >= 0", "datasets", List.of(Map.of("dataset_name", "train")))
    ).statusCode(200).extract().<List<String>>path("models.info.name")).containsExactly("poor");
    assertThat(post("/logged-models/search", Map.of("experiment_ids", List.of(exp),
        "datasets", List.of(Map.of("dataset_name", "test", "dataset_digest", "d1"))))
        .statusCode(200).extract().<List<String>>path("models.info.name")).containsExactly("good");
    // metric order: models without the metric come last either way
    assertThat(names(exp, null, List.of(Map.of("field_name", "metrics.acc", "ascending", true))))
        .containsExactly("poor", "good", "silent");
    assertThat(names(exp, null, List.of(Map.of("field_name", "metrics.acc", "ascending", false))))
        .containsExactly("good", "poor", "silent");
    // on the train dataset only "poor" has the metric; the others tie on null
    assertThat(names(exp, null, List.of(Map.of("field_name", "metrics.acc",
        "dataset_name", "train")))).containsExactlyInAnyOrder("poor", "good", "silent")
        .first().isEqualTo("poor");
    assertThat(silent).startsWith("m-");
  }

  @Test
  void createErrors() {
    post("/logged-models", Map.of()).statusCode(400).body("message", equalTo("Missing value for "
        + "required parameter 'experiment_id'. See the API docs for more information about "
        + "request parameters."));
    post("/logged-models", Map.of("experiment_id", "424242")).statusCode(404)
        .body("message", equalTo("No Experiment with id=424242 exists"));
    String exp = createExperiment(unique("lm-err"));
    post("/logged-models", Map.of("experiment_id", exp, "name", "a/b")).statusCode(400)
        .body("message", equalTo("Invalid model name ('a/b') provided. Model name must be a "
            + "non-empty string and cannot contain the following characters: ('/', ':', '.', "
            + "'%', '\"', \"'\")"));
    post("/logged-models", Map.of("experiment_id", exp, "tags", List.of(Map.of("value", "v"))))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/logged-models", Map.of("experiment_id", exp, "model_type", "t".repeat(501)))
        .statusCode(400).body("message", equalTo("The value given for 'model_type' is longer "
            + "than LabTrack stores. Nothing was written."));
    // a generated name when none is given
    post("/logged-models", Map.of("experiment_id", exp)).statusCode(200)
        .body("model.info.name", matchesPattern("[a-z]+-[a-z]+-\\d+"));
    post("/experiments/delete", Map.of("experiment_id", exp)).statusCode(200);
    post("/logged-models", Map.of("experiment_id", exp)).statusCode(400)
        .body("message", equalTo("The experiment " + exp
            + " must be in the 'active' state. Current state is deleted."));
  }

  @Test
  void tagsParamsAndDelete() {
    String exp = createExperiment(unique("lm-tags"));
    String id = createLoggedModel(exp, Map.of());
    patch("/logged-models/" + id + "/tags", Map.of("tags", tags("a", "1", "b", "2")))
        .statusCode(200).body(equalTo("{}"));
    patch("/logged-models/" + id + "/tags", Map.of("tags", tags("a", "3"))).statusCode(200);
    // MLflow's client sends these DELETEs and GETs bare: no body, no Content-Type
    io.restassured.RestAssured.given().delete(API + "/logged-models/" + id + "/tags/b").then()
        .statusCode(200);
    io.restassured.RestAssured.given().get(API + "/logged-models/" + id).then().statusCode(200);
    json().delete(API + "/logged-models/" + id + "/tags/b").then().statusCode(404)
        .body("message", equalTo("No tag with key 'b' found for model with ID '" + id + "'."));
    post("/logged-models/" + id + "/params", Map.of("params", tags("lr", "0.1"))).statusCode(200);
    post("/logged-models/" + id + "/params", Map.of("params", tags("lr", "0.1"))).statusCode(200);
    post("/logged-models/" + id + "/params", Map.of("params", tags("lr", "0.2"))).statusCode(400)
        .body("message", equalTo("Changing param values is not allowed. Param with key='lr' "
            + "was already logged with value='0.1' for model ID='" + id + "'. Attempted logging "
            + "new value '0.2'."));
    json().get(API + "/logged-models/" + id).then()
        .body("model.info.tags", equalTo(tags("a", "3")))
        .body("model.data.params", equalTo(tags("lr", "0.1")));

    json().delete(API + "/logged-models/" + id).then().statusCode(200).body(equalTo("{}"));
    json().get(API + "/logged-models/" + id).then().statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
        .body("message", equalTo("Logged model with ID '" + id + "' not found."));
    json().get(API + "/logged-models/m-absent").then().statusCode(404);
    // model ids are ASCII: any other character is an unknown id, not a database error
    String odd = "m-\u00e9";
    json().get(API + "/logged-models/" + odd).then().statusCode(404)
        .body("message", equalTo("Logged model with ID '" + odd + "' not found."));
    json().delete(API + "/logged-models/" + odd).then().statusCode(404);
    patch("/logged-models/" + odd + "/tags", Map.of("tags", tags("a", "1"))).statusCode(404);
    post("/logged-models/" + odd + "/params", Map.of("params", tags("a", "1"))).statusCode(404);
    json().delete(API + "/logged-models/" + odd + "/tags/a").then().statusCode(404);
    patch("/logged-models/m-absent/tags", Map.of("tags", tags("a", "1"))).statusCode(404);
    post("/logged-models/m-absent/params", Map.of("params", tags("a", "1"))).statusCode(404);
  }

  @Test
  void logOutputsErrors() {
    String run = createRun(createExperiment(unique("outputs")));
    post("/runs/outputs", Map.of("run_id", run)).statusCode(400).body("message", equalTo(
        "Missing value for required parameter 'models'. See the API docs for more information "
            + "about request parameters."));
    post("/runs/outputs", Map.of("models", List.of())).statusCode(400);
    post("/runs/outputs", Map.of("run_id", "f".repeat(32), "models", List.of(
        Map.of("model_id", "m-x", "step", 0)))).statusCode(404);
    post("/runs/outputs", Map.of("run_id", run, "models", List.of(
        Map.of("model_id", "m-" + "x".repeat(35), "step", 0)))).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("'models[0].model_id' exceeds the maximum length of 36 "
            + "characters"));
    post("/runs/delete", Map.of("run_id", run)).statusCode(200);
    post("/runs/outputs", Map.of("run_id", run, "models", List.of(
        Map.of("model_id", "m-x", "step", 0)))).statusCode(400)
        .body("message", equalTo("The run " + run
            + " must be in the 'active' state. Current state is deleted."));
  }

  @Test
  void logInputsLinksModelsOnceAndRunsShowThem() {
    String exp = createExperiment(unique("model-inputs"));
    String run = createRun(exp);
    String first = createLoggedModel(exp, Map.of("name", "first"));
    String second = createLoggedModel(exp, Map.of("name", "second"));
    // MLflow 3's log-inputs: models without datasets, the same model twice, then again.
    post("/runs/log-inputs", Map.of("run_id", run, "models", List.of(Map.of("model_id", second),
        Map.of("model_id", first), Map.of("model_id", second)))).statusCode(200)
        .body(equalTo("{}"));
    post("/runs/log-inputs", Map.of("run_id", run, "models", List.of(Map.of("model_id", first)),
        "datasets", List.of(Map.of("dataset", Map.of("name", "eval", "digest", "e1",
            "source_type", "local", "source", "{}"))))).statusCode(200);
    List<String> expected = java.util.stream.Stream.of(first, second).sorted().toList();
    get("/runs/get", Map.of("run_id", run)).statusCode(200)
        .body("run.inputs.model_inputs.model_id", equalTo(expected))
        .body("run.inputs.dataset_inputs.dataset.name", equalTo(List.of("eval")));
    post("/runs/search", Map.of("experiment_ids", List.of(exp))).statusCode(200)
        .body("runs[0].inputs.model_inputs.model_id", equalTo(expected));
    // A run without model inputs lists none.
    get("/runs/get", Map.of("run_id", createRun(exp))).statusCode(200)
        .body("run.inputs.model_inputs", nullValue());

    post("/runs/log-inputs", Map.of("run_id", run, "models", List.of(Map.of("step", 1))))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Missing value for required parameter 'models[0].model_id'. "
            + "See the API docs for more information about request parameters."));
    post("/runs/log-inputs", Map.of("run_id", run, "models", List.of(
        Map.of("model_id", "m-" + "x".repeat(35))))).statusCode(400)
        .body("message", equalTo("'models[0].model_id' exceeds the maximum length of 36 "
            + "characters"));
    post("/runs/delete", Map.of("run_id", run)).statusCode(200);
    post("/runs/log-inputs", Map.of("run_id", run, "models", List.of(Map.of("model_id", first))))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/runs/restore", Map.of("run_id", run)).statusCode(200);
    get("/runs/get", Map.of("run_id", run)).statusCode(200)
        .body("run.inputs.model_inputs.model_id", equalTo(expected));
  }

  @Test
  void searchFiltersOrdersAndPages() {
    String exp = createExperiment(unique("lm-search"));
    String other = createExperiment(unique("lm-other"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createLoggedModel(exp, Map.of("name", "model-" + i,
          "params", tags("depth", Integer.toString(i)), "tags", tags("family", i % 2 == 0
              ? "tree" : "Tree"))));
    }
    createLoggedModel(other, Map.of("name", "model-other"));
    patch("/logged-models/" + ids.get(1), Map.of("status", "LOGGED_MODEL_READY"))
        .statusCode(200);
    json().delete(API + "/logged-models/" + ids.get(4)).then().statusCode(200);

    // a model id with characters no id has matches nothing, and differs from every model
    for (String filter : List.of("model_id = 'm-\u00e9'", "model_id LIKE 'm-\u00e9%'",
        "model_id IN ('m-\u00e9', '" + ids.get(0) + "')", "model_id != 'm-\u00e9'")) {
      List<String> found = post("/logged-models/search", Map.of("experiment_ids",
          List.of(exp), "filter", filter)).statusCode(200).extract().jsonPath()
          .getList("models.info.model_id", String.class);
      assertThat(found == null ? List.of() : found).as(filter)
          .hasSize(filter.contains("IN") ? 1 : filter.contains("!=") ? 4 : 0);
    }

    // newest first by default, the model id breaking ties
    var all = post("/logged-models/search", Map.of("experiment_ids", List.of(exp)))
        .statusCode(200).extract().jsonPath();
    assertThat(all.getList("models.info.name", String.class)).containsExactlyInAnyOrder(
        "model-0", "model-1", "model-2", "model-3");
    List<Long> created = all.getList("models.info.creation_timestamp_ms", Long.class);
    assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(names(exp, "name = 'model-2'", null)).containsExactly("model-2");
    assertThat(names(exp, "attributes.name LIKE 'model-%' AND params.depth = '0'", null))
        .containsExactly("model-0");
    assertThat(names(exp, "tags.family = 'Tree'", null)).containsExactly("model-1", "model-3");
    assertThat(names(exp, "tags.family ILIKE 'TREE' AND status = 'READY'", null))
        .containsExactly("model-1");
    assertThat(names(exp, "status = 'LOGGED_MODEL_PENDING'", null))
        .containsExactly("model-0", "model-2", "model-3");
    assertThat(names(exp, "name IN ('model-0', 'model-3')", null))
        .containsExactly("model-0", "model-3");
    assertThat(names(exp, "creation_timestamp > 0", List.of(Map.of("field_name", "name",
        "ascending", true)))).containsExactly("model-0", "model-1", "model-2", "model-3");

    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> body = new HashMap<>(Map.of("experiment_ids", List.of(exp),
          "max_results", 3, "order_by", List.of(Map.of("field_name", "name"))));
      if (token != null) {
        body.put("page_token", token);
      }
      var page = post("/logged-models/search", body).statusCode(200).extract().jsonPath();
      paged.addAll(page.getList("models.info.name"));
      token = page.getString("next_page_token");
      if (token != null) {
        // a token only continues the query it came from
        post("/logged-models/search", Map.of("experiment_ids", List.of(other),
            "page_token", token)).statusCode(400)
            .body("message", org.hamcrest.Matchers.startsWith("Experiment IDs in the page token "
                + "do not match the requested experiment IDs."));
      }
    } while (token != null);
    assertThat(paged).containsExactly("model-0", "model-1", "model-2", "model-3");

    Map<String, String> errors = Map.of(
        "name = 'a' OR name = 'b'", "Invalid filter string: \"name = 'a' OR name = 'b'\". "
            + "Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND "
            + "params.lr = 0.01').",
        "tag.x = 'a'", "Invalid entity type: 'tag'. Expected one of ['attributes', 'metrics', "
            + "'params', 'tags'].",
        "name > 'a'", "Invalid comparison operator for attributes.name: '>'. Expected one of "
            + "('=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN').",
        "metrics.acc LIKE 1", "Invalid comparison operator for metrics.acc: 'LIKE'. Expected "
            + "one of ('=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN').");
    errors.forEach((filter, message) -> post("/logged-models/search", Map.of(
        "experiment_ids", List.of(exp), "filter", filter)).statusCode(400)
        .body("message", equalTo(message)));
    post("/logged-models/search", Map.of("filter", "name = 'a'")).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'experiment_ids'. See "
            + "the API docs for more information about request parameters."));
    post("/logged-models/search", Map.of("experiment_ids", List.of(exp), "order_by",
        List.of(Map.of("field_name", "params.depth")))).statusCode(400)
        .body("message", equalTo("Invalid order by field name: params.depth. Only metrics are "
            + "supported."));
    post("/logged-models/search", Map.of("experiment_ids", List.of(exp), "order_by",
        List.of(Map.of("field_name", "colour")))).statusCode(400)
        .body("message", equalTo("Invalid order by field name: colour"));
    post("/logged-models/search", Map.of("experiment_ids", List.of(exp), "datasets",
        List.of(Map.of("dataset_digest", "abc")))).statusCode(400)
        .body("message", equalTo("`dataset_name` in the `datasets` clause must be specified."));
    post("/logged-models/search", Map.of("experiment_ids", List.of(exp), "page_token", "%%"))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/logged-models/search", Map.of("experiment_ids", List.of())).statusCode(200)
        .body("models", nullValue()).body("next_page_token", nullValue());
  }

  private static List<String> names(String exp, String filter, List<Map<String, Object>> order) {
    Map<String, Object> body = new HashMap<>(Map.of("experiment_ids", List.of(exp)));
    if (filter != null) {
      body.put("filter", filter);
    }
    body.put("order_by", order != null ? order : List.of(Map.of("field_name", "name")));
    return post("/logged-models/search", body).statusCode(200).body("models", notNullValue())
        .extract().path("models.info.name");
  }
}
