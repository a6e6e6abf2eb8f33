package org.labtrack.tracking.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class RunsApiTest {

  @Test
  void createRunHasMlflowShape() {
    String exp = createExperiment(unique("runs"));
    post("/runs/create", Map.of("experiment_id", exp, "user_id", "ada", "start_time", 1234,
        "tags", List.of(Map.of("key", "mlflow.source.name", "value", "train.py"))))
        .statusCode(200)
        .body("run.info.run_id", matchesPattern("[0-9a-f]{32}"))
        .body("run.info.experiment_id", equalTo(exp))
        .body("run.info.user_id", equalTo("ada"))
        .body("run.info.status", equalTo("RUNNING"))
        .body("run.info.start_time", equalTo(1234))
        .body("run.info.end_time", nullValue())
        .body("run.info.lifecycle_stage", equalTo("active"))
        .body("run.info.run_name", matchesPattern("[a-z]+-[a-z]+-\\d{1,3}"))
        .body("run.data.tags", hasItem(Map.of("key", "mlflow.source.name", "value", "train.py")))
        // protobuf's JSON leaves empty lists out: no metrics or params yet, empty inputs
        .body("run.data.keySet()", equalTo(Set.of("tags")))
        .body("run.inputs", equalTo(Map.of()))
        .body("run.outputs", equalTo(Map.of()));
  }

  /** MySQL's utf8mb4_bin took "p" and "p " for one key; MLflow keeps them apart (V9). */
  @Test
  void keysDifferingOnlyInTrailingSpacesAreDifferentKeys() {
    String name = unique("spaces");
    String padded = createExperiment(name + "  ");
    get("/experiments/get-by-name", Map.of("experiment_name", name)).statusCode(404);
    String plain = createExperiment(name);
    get("/experiments/get-by-name", Map.of("experiment_name", name + "  ")).statusCode(200)
        .body("experiment.experiment_id", equalTo(padded));
    String run = createRun(plain);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "p ", "value", "1"))
        .statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "p", "value", "2"))
        .statusCode(200);
    post("/runs/set-tag", Map.of("run_id", run, "key", "t", "value", "a")).statusCode(200);
    post("/runs/set-tag", Map.of("run_id", run, "key", "t ", "value", "b")).statusCode(200);
    post("/runs/log-batch", Map.of("run_id", run, "metrics", List.of(
        Map.of("key", "m", "value", 1, "timestamp", 1),
        Map.of("key", "m ", "value", 2, "timestamp", 1)))).statusCode(200);
    var data = get("/runs/get", Map.of("run_id", run)).statusCode(200).extract().jsonPath();
    Map<String, String> params = new HashMap<>();
    data.getList("run.data.params", Map.class)
        .forEach(p -> params.put((String) p.get("key"), (String) p.get("value")));
    assertThat(params).containsEntry("p ", "1").containsEntry("p", "2");
    Map<String, String> tags = new HashMap<>();
    data.getList("run.data.tags", Map.class)
        .forEach(t -> tags.put((String) t.get("key"), (String) t.get("value")));
    assertThat(tags).containsEntry("t", "a").containsEntry("t ", "b");
    assertThat(data.getList("run.data.metrics.key", String.class)).contains("m", "m ");
    post("/runs/search", Map.of("experiment_ids", List.of(plain), "filter", "params.p = '2'"))
        .statusCode(200).body("runs", hasSize(1));
  }

  @Test
  void runIdsArtifactUriAndNameTagAgree() {
    String exp = createExperiment(unique("uri"));
    var info = post("/runs/create", Map.of("experiment_id", exp, "run_name", "first"))
        .statusCode(200).extract().jsonPath();
    String id = info.getString("run.info.run_id");
    assertThat(info.getString("run.info.run_uuid")).isEqualTo(id);
    assertThat(info.getString("run.info.artifact_uri"))
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + id + "/artifacts");
    assertThat(info.getList("run.data.tags", Map.class))
        .contains(Map.of("key", "mlflow.runName", "value", "first"));

    post("/runs/set-tag", Map.of("run_id", id, "key", "mlflow.runName", "value", "second"));
    get("/runs/get", Map.of("run_id", id)).body("run.info.run_name", equalTo("second"));
    post("/runs/update", Map.of("run_id", id, "run_name", "third")).statusCode(200)
        .body("run_info.run_name", equalTo("third"));
    get("/runs/get", Map.of("run_uuid", id))
        .body("run.data.tags.find { it.key == 'mlflow.runName' }.value", equalTo("third"));
  }

  @Test
  void runNameAndTagMustAgreeAtCreate() {
    post("/runs/create", Map.of("experiment_id", "0", "run_name", "a",
        "tags", List.of(Map.of("key", "mlflow.runName", "value", "b")))).statusCode(400)
        .body("message", containsString("Both 'run_name' argument and 'mlflow.runName' tag"));
    post("/runs/create", Map.of("experiment_id", "0",
        "tags", List.of(Map.of("key", "mlflow.runName", "value", "from-tag")))).statusCode(200)
        .body("run.info.run_name", equalTo("from-tag"));
  }

  @Test
  void aNameTagLongerThanARunNameIsRefusedWithNothingLogged() {
    String id = createRun(createExperiment(unique("longname")));
    String name = get("/runs/get", Map.of("run_id", id)).extract().path("run.info.run_name");
    String tooLong = "n".repeat(251);
    post("/runs/set-tag", Map.of("run_id", id, "key", "mlflow.runName", "value", tooLong))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", containsString("run_name"));
    post("/runs/log-batch", Map.of("run_id", id,
        "params", List.of(Map.of("key", "p", "value", "1")),
        "tags", List.of(Map.of("key", "mlflow.runName", "value", tooLong))))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    get("/runs/get", Map.of("run_id", id))
        .body("run.info.run_name", equalTo(name))
        .body("run.data.params", nullValue())
        .body("run.data.tags.find { it.key == 'mlflow.runName' }.value", equalTo(name));

    String longest = "n".repeat(250);
    post("/runs/log-batch", Map.of("run_id", id,
        "tags", List.of(Map.of("key", "mlflow.runName", "value", longest)))).statusCode(200);
    get("/runs/get", Map.of("run_id", id))
        .body("run.info.run_name", equalTo(longest))
        .body("run.data.tags.find { it.key == 'mlflow.runName' }.value", equalTo(longest));
  }

  @Test
  void anyTextIsStoredAsGiven() {
    String id = createRun(createExperiment(unique("text")));
    List<String> values = List.of("it's", "back\\slash \\' \\\\", "\"quoted\"", "line\nbreak\ttab",
        "emoji \uD83D\uDE80 é ß 中", "", "%s ? ?1 :x ${y} ; COMMIT; --", "X'00'");
    Map<String, String> expected = new HashMap<>();
    List<Map<String, String>> batchParams = new ArrayList<>();
    List<Map<String, String>> batchTags = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      post("/runs/log-parameter", Map.of("run_id", id, "key", "single" + i, "value", v))
          .statusCode(200);
      post("/runs/set-tag", Map.of("run_id", id, "key", "single" + i, "value", v))
          .statusCode(200);
      batchParams.add(Map.of("key", "batch" + i, "value", v));
      batchTags.add(Map.of("key", "batch" + i, "value", v));
      expected.put("single" + i, v);
      expected.put("batch" + i, v);
    }
    post("/runs/log-batch", Map.of("run_id", id, "params", batchParams, "tags", batchTags))
        .statusCode(200);
    // the same values again are no change
    post("/runs/log-batch", Map.of("run_id", id, "params", batchParams)).statusCode(200);

    var data = get("/runs/get", Map.of("run_id", id)).extract().jsonPath();
    Map<String, String> params = new HashMap<>();
    for (Map<String, String> p : data.<Map<String, String>>getList("run.data.params")) {
      params.put(p.get("key"), p.get("value"));
    }
    Map<String, String> tags = new HashMap<>();
    for (Map<String, String> t : data.<Map<String, String>>getList("run.data.tags")) {
      tags.put(t.get("key"), t.get("value"));
    }
    tags.remove("mlflow.runName");
    assertThat(params).isEqualTo(expected);
    assertThat(tags).isEqualTo(expected);
  }

  @Test
  void createWithoutExperimentUsesDefault() {
    post("/runs/create", Map.of()).statusCode(200).body("run.info.experiment_id", equalTo("0"));
    post("/runs/create", Map.of("experiment_id", "424242")).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    post("/runs/create", Map.of("experiment_id", "abc")).statusCode(404)
        .body("message", equalTo("No Experiment with id=abc exists"));
    String user = "O'Brien \\ \u00e9";
    String id = post("/runs/create", Map.of("user_id", user, "run_name", "it's \u00e9"))
        .statusCode(200).body("run.info.user_id", equalTo(user))
        .extract().path("run.info.run_id");
    get("/runs/get", Map.of("run_id", id)).body("run.info.user_id", equalTo(user))
        .body("run.info.run_name", equalTo("it's \u00e9"));
  }

  @Test
  void updateAndLifecycle() {
    String id = createRun(createExperiment(unique("upd")));
    post("/runs/update", Map.of("run_id", id, "status", "FINISHED", "end_time", 99))
        .statusCode(200)
        .body("run_info.status", equalTo("FINISHED"))
        .body("run_info.end_time", equalTo(99));
    // what is not sent stays as it was, in the answer and in the run
    var renamed = post("/runs/update", Map.of("run_id", id, "run_name", "renamed"))
        .statusCode(200).extract().jsonPath();
    assertThat(renamed.getMap("run_info")).isEqualTo(
        get("/runs/get", Map.of("run_id", id)).extract().jsonPath().getMap("run.info"));
    assertThat(renamed.getString("run_info.status")).isEqualTo("FINISHED");
    assertThat(renamed.getLong("run_info.end_time")).isEqualTo(99);
    assertThat(renamed.getString("run_info.run_name")).isEqualTo("renamed");
    get("/runs/get", Map.of("run_id", id))
        .body("run.data.tags.find { it.key == 'mlflow.runName' }.value", equalTo("renamed"));
    post("/runs/update", Map.of("run_id", "0".repeat(32), "status", "FAILED")).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    post("/runs/update", Map.of("run_id", id, "status", "DONE")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/runs/delete", Map.of("run_id", id)).statusCode(200);
    get("/runs/get", Map.of("run_id", id)).statusCode(200)
        .body("run.info.lifecycle_stage", equalTo("deleted"));
    for (String path : List.of("/runs/log-parameter", "/runs/set-tag")) {
      post(path, Map.of("run_id", id, "key", "k", "value", "v")).statusCode(400)
          .body("message", equalTo("The run " + id
              + " must be in the 'active' state. Current state is deleted."));
    }
    post("/runs/log-metric", Map.of("run_id", id, "key", "m", "value", 1, "timestamp", 1))
        .statusCode(400);
    post("/runs/log-batch", Map.of("run_id", id, "metrics",
        List.of(Map.of("key", "m", "value", 1, "timestamp", 1)))).statusCode(400);
    post("/runs/update", Map.of("run_id", id, "status", "FAILED")).statusCode(400);
    post("/runs/restore", Map.of("run_id", id)).statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", id, "key", "k", "value", "v")).statusCode(200);
    post("/runs/delete", Map.of("run_id", "0".repeat(32))).statusCode(404)
        .body("message", equalTo("Run with id=" + "0".repeat(32) + " not found"));
  }

  @Test
  void paramsAreImmutableButIdempotent() {
    String id = createRun(createExperiment(unique("param")));
    post("/runs/log-parameter", Map.of("run_id", id, "key", "lr", "value", "0.1")).statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", id, "key", "lr", "value", "0.1")).statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", id, "key", "lr", "value", "0.2")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Changing param values is not allowed. Param with key='lr' was "
            + "already logged with value='0.1' for run ID='" + id + "'. Attempted logging new "
            + "value '0.2'."));
    post("/runs/log-batch", Map.of("run_id", id, "params",
        List.of(Map.of("key", "lr", "value", "0.3"), Map.of("key", "new", "value", "x"))))
        .statusCode(400).body("message", containsString("Changing param values is not allowed."));
    // the batch failed as a whole: the new param is not there either
    get("/runs/get", Map.of("run_id", id)).body("run.data.params", hasSize(1))
        .body("run.data.params[0]", equalTo(Map.of("key", "lr", "value", "0.1")));
  }

  @Test
  void longValuesAreTruncatedAsMlflowDoes() {
    String id = createRun(createExperiment(unique("long")));
    post("/runs/log-parameter", Map.of("run_id", id, "key", "p", "value", "x".repeat(7000)))
        .statusCode(200);
    post("/runs/set-tag", Map.of("run_id", id, "key", "t", "value", "y".repeat(9000)))
        .statusCode(200);
    var run = get("/runs/get", Map.of("run_id", id)).extract().jsonPath();
    assertThat(run.getString("run.data.params.find { it.key == 'p' }.value")).hasSize(6000);
    assertThat(run.getString("run.data.tags.find { it.key == 't' }.value")).hasSize(8000);
    post("/runs/log-parameter", Map.of("run_id", id, "key", "k".repeat(251), "value", "1"))
        .statusCode(400).body("message", equalTo("'Param key' exceeds the maximum length of 250 "
            + "characters"));
  }

  @Test
  void keyNamesFollowMlflowRules() {
    String id = createRun(createExperiment(unique("keys")));
    for (String bad : List.of("a?b", "../up", "/abs", "./here", "a//b", "a/")) {
      post("/runs/log-parameter", Map.of("run_id", id, "key", bad, "value", "1")).statusCode(400)
          .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
          .body("message", containsString("Invalid value"));
    }
    for (String good : List.of("a/b", "loss:train", "épsilon", "with space", "x.y-z_1")) {
      post("/runs/log-parameter", Map.of("run_id", id, "key", good, "value", "1")).statusCode(200);
    }
  }

  @Test
  void metricsKeepHistoryAndLatestFollowsStepThenTimestampThenValue() {
    String id = createRun(createExperiment(unique("metric")));
    logMetric(id, "loss", 5.0, 100, 2);
    logMetric(id, "loss", 9.0, 50, 3);   // higher step wins despite older timestamp
    logMetric(id, "loss", 1.0, 10, 1);
    logMetric(id, "loss", 7.0, 60, 3);   // same step, newer timestamp wins
    logMetric(id, "loss", 3.0, 60, 3);   // same step and timestamp, lower value loses
    get("/runs/get", Map.of("run_id", id))
        .body("run.data.metrics", equalTo(List.of(
            Map.of("key", "loss", "value", 7.0f, "timestamp", 60, "step", 3))));
    get("/metrics/get-history", Map.of("run_id", id, "metric_key", "loss")).statusCode(200)
        .body("metrics.timestamp", equalTo(List.of(10, 50, 60, 60, 100)))
        .body("metrics.value", equalTo(List.of(1.0f, 9.0f, 3.0f, 7.0f, 5.0f)));
  }

  @Test
  void nanAndInfinityAreAcceptedAsMlflowStoresThem() {
    String id = createRun(createExperiment(unique("nan")));
    post("/runs/log-metric", Map.of("run_id", id, "key", "n", "value", "NaN", "timestamp", 1))
        .statusCode(200);
    post("/runs/log-metric", Map.of("run_id", id, "key", "i", "value", "Infinity",
        "timestamp", 1)).statusCode(200);
    post("/runs/log-metric", Map.of("run_id", id, "key", "j", "value", "-Infinity",
        "timestamp", 1)).statusCode(200);
    String body = get("/runs/get", Map.of("run_id", id)).extract().asString();
    assertThat(body).contains("\"value\":\"NaN\"")
        .contains("\"value\":1.7976931348623157E308")
        .contains("\"value\":-1.7976931348623157E308");
    // the streamed history writes points field by field: same NaN form
    assertThat(get("/metrics/get-history", Map.of("run_id", id, "metric_key", "n")).statusCode(200)
        .extract().asString()).isEqualTo(
            "{\"metrics\":[{\"key\":\"n\",\"value\":\"NaN\",\"timestamp\":1,\"step\":0}]}");
  }

  @Test
  void sameMetricPointTwiceIsStoredOnce() {
    String id = createRun(createExperiment(unique("dedup")));
    Map<String, Object> batch = Map.of("run_id", id, "metrics", List.of(
        Map.of("key", "acc", "value", 0.5, "timestamp", 10, "step", 1),
        Map.of("key", "acc", "value", 0.6, "timestamp", 11, "step", 2)));
    post("/runs/log-batch", batch).statusCode(200);
    post("/runs/log-batch", batch).statusCode(200);
    logMetric(id, "acc", 0.5, 10, 1);
    get("/metrics/get-history", Map.of("run_id", id, "metric_key", "acc"))
        .body("metrics", hasSize(2));
  }

  @Test
  void logBatchStoresEverythingAtomically() {
    String id = createRun(createExperiment(unique("batch")));
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      metrics.add(Map.of("key", "m" + (i % 4), "value", i, "timestamp", 1000 + i, "step", i));
    }
    post("/runs/log-batch", Map.of("run_id", id, "metrics", metrics,
        "params", List.of(Map.of("key", "p", "value", "1")))).statusCode(400)
        .body("message", equalTo("A batch logging request can contain at most 1000 metrics, "
            + "params, and tags. Got 1001 metrics, params, and tags. Please split up metrics, "
            + "params, and tags across multiple requests and try again."));
    post("/runs/log-batch", Map.of("run_id", id, "metrics", metrics,
        "tags", List.of())).statusCode(200);
    get("/runs/get", Map.of("run_id", id)).body("run.data.metrics", hasSize(4))
        .body("run.data.metrics.find { it.key == 'm3' }.step", equalTo(999));
    get("/metrics/get-history", Map.of("run_id", id, "metric_key", "m0"))
        .body("metrics", hasSize(250));
  }

  @Test
  void logBatchLimitsAndItemValidation() {
    String id = createRun(createExperiment(unique("limits")));
    List<Map<String, Object>> params = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      params.add(Map.of("key", "p" + i, "value", "v"));
    }
    post("/runs/log-batch", Map.of("run_id", id, "params", params)).statusCode(400)
        .body("message", containsString("at most 100 params. Got 101 params."));
    post("/runs/log-batch", Map.of("run_id", id, "params", List.of(
        Map.of("key", "a", "value", "1"), Map.of("key", "a", "value", "2")))).statusCode(400)
        .body("message", equalTo("Duplicate parameter keys have been submitted: ['a']. Please "
            + "ensure the request contains only one param value per param key."));
    post("/runs/log-batch", Map.of("run_id", id, "metrics", List.of(
        Map.of("key", "ok", "value", 1, "timestamp", 1),
        Map.of("key", "m", "timestamp", 1)))).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'metrics[1].value'. "
            + "See the API docs for more information about request parameters."));
    post("/runs/log-batch", Map.of("run_id", id, "metrics", List.of(
        Map.of("key", "mae", "value", 2.5)))).statusCode(400)
        .body("message", startsWith("Missing value for required parameter "
            + "'metrics[0].timestamp'."));
    post("/runs/log-batch", Map.of("run_id", id, "metrics", List.of(
        Map.of("key", "", "value", 2.5, "timestamp", 1)))).statusCode(400)
        .body("message", startsWith("Missing value for required parameter 'metrics[0].key'."));
    post("/runs/log-metric", Map.of("run_id", id, "key", "m", "value", 2.5)).statusCode(400)
        .body("message", startsWith("Missing value for required parameter 'timestamp'."));
    post("/runs/log-batch", Map.of("run_id", id, "metrics", List.of(
        Map.of("key", "m", "value", 1, "timestamp", -5)))).statusCode(400)
        .body("message", containsString("metrics[0].timestamp"));
    post("/runs/log-batch", Map.of("run_id", "bad id!")).statusCode(400)
        .body("message", equalTo("Invalid value \"bad id!\" for parameter 'run_id' supplied."));
    Map<String, Object> tags = new HashMap<>();
    tags.put("run_id", id);
    tags.put("tags", List.of(Map.of("key", "t", "value", "1"), Map.of("key", "t", "value", "2")));
    post("/runs/log-batch", tags).statusCode(200);
    get("/runs/get", Map.of("run_id", id))
        .body("run.data.tags.find { it.key == 't' }.value", equalTo("2"));
  }

  @Test
  void tagsCanBeDeleted() {
    String id = createRun(createExperiment(unique("deltag")));
    post("/runs/set-tag", Map.of("run_id", id, "key", "t", "value", "1")).statusCode(200);
    post("/runs/delete-tag", Map.of("run_id", id, "key", "t")).statusCode(200);
    post("/runs/delete-tag", Map.of("run_id", id, "key", "t")).statusCode(404)
        .body("message", equalTo("No tag with name: t in run with id " + id));
  }

  @Test
  void logInputsLinksDatasetsOnce() {
    String id = createRun(createExperiment(unique("inputs")));
    Map<String, Object> dataset = Map.of("name", "mnist", "digest", "abc123",
        "source_type", "local", "source", "{\"uri\": \"/data\"}", "schema", "{}",
        "profile", "{\"rows\": 10}");
    Map<String, Object> input = Map.of("dataset", dataset,
        "tags", List.of(Map.of("key", "mlflow.data.context", "value", "training")));
    post("/runs/log-inputs", Map.of("run_id", id, "datasets", List.of(input, input)))
        .statusCode(200);
    post("/runs/log-inputs", Map.of("run_id", id, "datasets", List.of(input))).statusCode(200);
    get("/runs/get", Map.of("run_id", id))
        .body("run.inputs.dataset_inputs", hasSize(1))
        .body("run.inputs.dataset_inputs[0].dataset.name", equalTo("mnist"))
        .body("run.inputs.dataset_inputs[0].dataset.source_type", equalTo("local"))
        .body("run.inputs.dataset_inputs[0].dataset.profile", equalTo("{\"rows\": 10}"))
        .body("run.inputs.dataset_inputs[0].tags[0].key", equalTo("mlflow.data.context"));
    post("/runs/log-inputs", Map.of("run_id", id, "datasets", List.of(Map.of("dataset",
        Map.of("name", "x", "digest", "d".repeat(37), "source_type", "s", "source", "s")))))
        .statusCode(400).body("message", equalTo("'digest' exceeds the maximum length of 36 "
            + "characters"));
    post("/runs/log-inputs", Map.of("run_id", id, "datasets", List.of(Map.of("dataset",
        Map.of("name", "x", "digest", "d", "source", "s"))))).statusCode(400)
        .body("message", equalTo("Dataset source_type cannot be None"));
  }

  @Test
  void logModelAppendsToHistoryTag() {
    String id = createRun(createExperiment(unique("model")));
    String model = "{\"artifact_path\": \"model\", \"run_id\": \"" + id + "\", "
        + "\"utc_time_created\": \"2024-01-01 00:00:00.000000\", "
        + "\"flavors\": {\"sklearn\": {\"version\": \"1.0\", \"config\": {\"x\": 1}}}}";
    post("/runs/log-model", Map.of("run_id", id, "model_json", model)).statusCode(200);
    post("/runs/log-model", Map.of("run_id", id, "model_json", model)).statusCode(200);
    String history = get("/runs/get", Map.of("run_id", id)).extract().jsonPath()
        .getString("run.data.tags.find { it.key == 'mlflow.log-model.history' }.value");
    assertThat(history).startsWith("[{").contains("\"artifact_path\":\"model\"")
        .doesNotContain("config");
    assertThat(history.split("\"artifact_path\"")).hasSize(3);
    post("/runs/log-model", Map.of("run_id", id, "model_json", "{not json")).statusCode(400)
        .body("message", containsString("is not a valid JSON"));
    post("/runs/log-model", Map.of("run_id", id, "model_json", "{\"flavors\": {}}"))
        .statusCode(400).body("message", equalTo("Model json is missing mandatory fields: "
            + "{'artifact_path', 'run_id', 'utc_time_created'}"));
  }

  @Test
  void requestsWithoutRunIdAreRefused() {
    post("/runs/log-parameter", Map.of("key", "k", "value", "v")).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'run_id'. See the API "
            + "docs for more information about request parameters."));
    get("/runs/get", Map.of()).statusCode(400);
    json().body("").post("/api/2.0/mlflow/runs/update").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  @Test
  void authenticatedUserIsUsedWhenNoUserIdIsSent() {
    json().header("X-LabTrack-User", "grace").body(Map.of("experiment_id", "0"))
        .post("/api/2.0/mlflow/runs/create").then().statusCode(200)
        .body("run.info.user_id", equalTo("grace"));
    post("/runs/create", Map.of("experiment_id", "0")).body("run.info.run_id", notNullValue());
  }

  private static void logMetric(String runId, String key, double value, long ts, long step) {
    post("/runs/log-metric", Map.of("run_id", runId, "key", key, "value", value,
        "timestamp", ts, "step", step)).statusCode(200);
  }

  /**
   * Run ids are ASCII; the database refuses to compare any other character with them, which
   * came out as 500s. MLflow answers as for any unknown id.
   */
  @Test
  void aRunIdWithCharactersNoIdHasIsUnknownNotAnError() {
    String exp = createExperiment(unique("non-ascii-id"));
    String run = createRun(exp);
    String odd = "r\u00e9sum\u00e9";
    String notFound = "Run with id=" + odd + " not found";
    get("/runs/get", Map.of("run_id", odd)).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST")).body("message", equalTo(notFound));
    for (String path : List.of("/runs/update", "/runs/delete", "/runs/restore",
        "/runs/log-parameter", "/runs/set-tag", "/runs/delete-tag")) {
      post(path, Map.of("run_id", odd, "key", "k", "value", "v", "status", "FINISHED"))
          .statusCode(404).body("message", equalTo(notFound));
    }
    post("/runs/log-metric", Map.of("run_id", odd, "key", "m", "value", 1, "timestamp", 1))
        .statusCode(404).body("message", equalTo(notFound));
    get("/metrics/get-history", Map.of("run_id", odd, "metric_key", "m")).statusCode(200);

    // in searches such an id matches nothing, and differs from every run
    Map<String, List<String>> found = new HashMap<>();
    for (String filter : List.of("attributes.run_id = '" + odd + "'",
        "attributes.run_id LIKE '" + odd + "%'", "attributes.run_id ILIKE '" + odd + "%'",
        "attributes.run_id IN ('" + odd + "', '" + run + "')",
        "attributes.run_id NOT IN ('" + odd + "')", "attributes.run_id != '" + odd + "'")) {
      List<String> runs = post("/runs/search", Map.of("experiment_ids", List.of(exp),
          "filter", filter)).statusCode(200).extract().jsonPath()
          .getList("runs.info.run_id", String.class);
      found.put(filter, runs == null ? List.of() : runs);
    }
    assertThat(found).allSatisfy((filter, runs) -> assertThat(runs).as(filter)
        .isEqualTo(filter.contains("IN") || filter.contains("!=") ? List.of(run) : List.of()));
  }

  /** A value longer than its column is the client's mistake, refused whole; MLflow 500s. */
  @Test
  void aValueLongerThanTheStoreKeepsIsRefusedAndNothingIsWritten() {
    String exp = createExperiment(unique("too-long"));
    post("/runs/create", Map.of("experiment_id", exp, "user_id", "u".repeat(257)))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("The value given for 'user_id' is longer than LabTrack stores. "
            + "Nothing was written."));
    post("/runs/search", Map.of("experiment_ids", List.of(exp))).statusCode(200)
        .body(equalTo("{}"));
    post("/runs/create", Map.of("experiment_id", exp, "user_id", "u".repeat(256)))
        .statusCode(200);
  }
}
