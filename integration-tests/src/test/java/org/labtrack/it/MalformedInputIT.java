package org.labtrack.it;

import static org.labtrack.it.support.MlflowRest.API;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.unique;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.StackClient;
import org.labtrack.it.support.StackClient.Reply;

/**
 * Every bad input gets MLflow's JSON error, never a 5xx: each field of each endpoint's valid
 * request, in turn, replaced by a value of the wrong kind (and each field of the objects in its
 * lists), plus bodies that are not a JSON object at all, through the real gateway to the real
 * services and database. Requests that happen to be valid may succeed and change what later ones
 * find (a deleted run, a renamed model); only the kind of answer is checked. Such a sweep found a
 * rename that failed with a 500 and a body-size refusal without a body.
 */
@LabTrackTest
class MalformedInputIT {
  private static final List<Object> WRONG_VALUES = Arrays.asList(null, 123, -1, 1.5, true,
      "text", "", List.of(), Map.of(), List.of(1, "x"), Map.of("a", 1), "x".repeat(70_000),
      BigInteger.TWO.pow(70), "\u0000");
  private static final List<String> NOT_AN_OBJECT = List.of("", "not json", "[]", "null", "123",
      "{\"key\":");
  private static final List<String> WRONG_QUERY_VALUES = List.of("", "abc", "-1", "1.5",
      "99999999999999999999", "0", "%00", "x".repeat(5000), "%FF%FE", "a%20b");

  @Test
  void noBadRequestBodyGetsAServerErrorOrAnAnswerThatIsNotMlflowsJson(LabTrackStack stack) {
    StackClient admin = stack.client(stack.admin());
    String experiment = createExperiment(admin, unique("malformed"));
    String run = createRun(admin, experiment).get("run_id").asText();
    admin.post(API + "/runs/log-metric", Map.of("run_id", run, "key", "m", "value", 1,
        "timestamp", 1, "step", 0)).ok();
    String model = unique("malformed-model");
    admin.post(API + "/registered-models/create", Map.of("name", model)).ok();
    String version = admin.post(API + "/model-versions/create", Map.of("name", model,
        "source", "runs:/" + run + "/model", "run_id", run)).ok().json()
        .at("/model_version/version").asText();
    String loggedModel = admin.post(API + "/logged-models", Map.of("experiment_id", experiment,
        "name", "lm")).ok().json().at("/model/info/model_id").asText();
    Map<String, String> tag = Map.of("key", "k", "value", "v");

    List<Endpoint> endpoints = List.of(
        new Endpoint("POST", "/experiments/create", Map.of("name", unique("x"),
            "artifact_location", "", "tags", List.of(tag))),
        new Endpoint("POST", "/experiments/search", Map.of("max_results", 10,
            "filter", "name LIKE 'm%'", "order_by", List.of("name"), "view_type", "ALL")),
        new Endpoint("POST", "/experiments/update", Map.of("experiment_id", experiment,
            "new_name", unique("renamed"))),
        new Endpoint("POST", "/experiments/set-experiment-tag", Map.of("experiment_id",
            experiment, "key", "k", "value", "v")),
        new Endpoint("POST", "/experiments/delete-experiment-tag", Map.of("experiment_id",
            experiment, "key", "k")),
        new Endpoint("POST", "/runs/create", Map.of("experiment_id", experiment, "user_id", "u",
            "run_name", "r", "start_time", 1, "tags", List.of(tag))),
        new Endpoint("POST", "/runs/update", Map.of("run_id", run, "status", "RUNNING",
            "end_time", 5, "run_name", "n")),
        new Endpoint("POST", "/runs/log-metric", Map.of("run_id", run, "key", "m", "value", 2,
            "timestamp", 2, "step", 1)),
        new Endpoint("POST", "/runs/log-parameter", Map.of("run_id", run, "key", "p",
            "value", "v")),
        new Endpoint("POST", "/runs/set-tag", Map.of("run_id", run, "key", "t", "value", "v")),
        new Endpoint("POST", "/runs/delete-tag", Map.of("run_id", run, "key", "t")),
        new Endpoint("POST", "/runs/log-batch", Map.of("run_id", run,
            "metrics", List.of(Map.of("key", "b", "value", 1, "timestamp", 1, "step", 0)),
            "params", List.of(Map.of("key", "bp", "value", "1")), "tags", List.of(tag))),
        new Endpoint("POST", "/runs/log-inputs", Map.of("run_id", run, "datasets", List.of(
            Map.of("tags", List.of(tag), "dataset", Map.of("name", "d", "digest", "x",
                "source_type", "local", "source", "{}"))))),
        new Endpoint("POST", "/runs/log-model", Map.of("run_id", run, "model_json",
            "{\"artifact_path\": \"m\", \"flavors\": {}, \"run_id\": \"" + run + "\"}")),
        new Endpoint("POST", "/runs/search", Map.of("experiment_ids", List.of(experiment),
            "filter", "metrics.m > 0", "run_view_type", "ALL", "max_results", 10,
            "order_by", List.of("metrics.m DESC"))),
        new Endpoint("POST", "/runs/outputs", Map.of("run_id", run, "models",
            List.of(Map.of("model_id", loggedModel, "step", 0)))),
        new Endpoint("POST", "/runs/delete", Map.of("run_id", run)),
        new Endpoint("POST", "/runs/restore", Map.of("run_id", run)),
        new Endpoint("POST", "/registered-models/create", Map.of("name", unique("rm"),
            "tags", List.of(tag), "description", "d")),
        // before the rename: models the sweeps create get versions, which its clashes cascade to
        new Endpoint("POST", "/model-versions/create", Map.of("name", model, "source",
            "runs:/" + run + "/model", "run_id", run, "tags", List.of(tag))),
        new Endpoint("POST", "/registered-models/rename", Map.of("name", model,
            "new_name", model + "-renamed")),
        new Endpoint("PATCH", "/registered-models/update", Map.of("name", model,
            "description", "d")),
        new Endpoint("POST", "/registered-models/set-tag", Map.of("name", model, "key", "k",
            "value", "v")),
        new Endpoint("POST", "/registered-models/alias", Map.of("name", model, "alias", "best",
            "version", version)),
        new Endpoint("PATCH", "/model-versions/update", Map.of("name", model, "version", version,
            "description", "d")),
        new Endpoint("POST", "/model-versions/set-tag", Map.of("name", model, "version", version,
            "key", "k", "value", "v")),
        new Endpoint("POST", "/model-versions/transition-stage", Map.of("name", model,
            "version", version, "stage", "Staging", "archive_existing_versions", false)),
        new Endpoint("POST", "/registered-models/get-latest-versions", Map.of("name", model,
            "stages", List.of("None"))),
        new Endpoint("POST", "/logged-models", Map.of("experiment_id", experiment, "name", "lm",
            "source_run_id", run, "params", List.of(tag), "tags", List.of(tag))),
        new Endpoint("POST", "/logged-models/search", Map.of("experiment_ids",
            List.of(experiment), "max_results", 10, "order_by",
            List.of(Map.of("field_name", "creation_time", "ascending", true)))),
        new Endpoint("PATCH", "/logged-models/" + loggedModel, Map.of("model_id", loggedModel,
            "status", "LOGGED_MODEL_READY")),
        new Endpoint("PATCH", "/logged-models/" + loggedModel + "/tags", Map.of("model_id",
            loggedModel, "tags", List.of(tag))),
        new Endpoint("POST", "/experiments/search-datasets", Map.of("experiment_ids",
            List.of(experiment))),
        new Endpoint("DELETE", "/registered-models/delete-tag", Map.of("name", model,
            "key", "k")));

    SoftAssertions softly = new SoftAssertions();
    int requests = 0;
    for (Endpoint endpoint : endpoints) {
      for (String raw : NOT_AN_OBJECT) {
        check(softly, admin.send(endpoint.method(), API + endpoint.path(),
            HttpRequest.BodyPublishers.ofString(raw), "application/json", Map.of()), raw);
        requests++;
      }
      for (Map<String, Object> body : endpoint.variants()) {
        check(softly, send(admin, endpoint, body), body.toString());
        requests++;
      }
    }

    Map<String, Map<String, String>> queries = new LinkedHashMap<>();
    queries.put("/experiments/get", Map.of("experiment_id", experiment));
    queries.put("/experiments/get-by-name", Map.of("experiment_name", "x"));
    queries.put("/runs/get", Map.of("run_id", run));
    queries.put("/metrics/get-history", Map.of("run_id", run, "metric_key", "m",
        "max_results", "10", "page_token", ""));
    queries.put("/metrics/get-history-bulk-interval", Map.of("run_ids", run,
        "metric_key", "m", "start_step", "0", "end_step", "5", "max_results", "10"));
    queries.put("/registered-models/search", Map.of("filter", "name LIKE 'm%'",
        "max_results", "10", "order_by", "name", "page_token", ""));
    queries.put("/model-versions/search", Map.of("filter", "name='x'", "max_results", "10"));
    queries.put("/model-versions/get", Map.of("name", model, "version", version));
    queries.put("/registered-models/alias", Map.of("name", model, "alias", "best"));
    queries.put("/artifacts/list", Map.of("run_id", run, "path", ""));
    for (Map.Entry<String, Map<String, String>> endpoint : queries.entrySet()) {
      for (String field : endpoint.getValue().keySet()) {
        for (String value : WRONG_QUERY_VALUES) {
          Map<String, String> query = new LinkedHashMap<>(endpoint.getValue());
          query.put(field, value);
          String target = API + endpoint.getKey() + "?" + query.entrySet().stream()
              .map(e -> e.getKey() + "=" + (e.getValue().startsWith("%") ? e.getValue()
                  : URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)))
              .collect(Collectors.joining("&"));
          check(softly, admin.get(target), field + "=" + value);
          requests++;
        }
      }
    }
    softly.assertThat(requests).as("requests sent").isGreaterThan(2500);
    softly.assertAll();
  }

  /** A 4xx in MLflow's JSON, or a success; never a 5xx. */
  private static void check(SoftAssertions softly, Reply reply, String sent) {
    String shortSent = sent.length() > 80 ? sent.substring(0, 80) + "..." : sent;
    softly.assertThat(reply.status()).as("%s with %s: %s", reply, shortSent, reply.text())
        .isLessThan(500);
    if (reply.status() >= 400) {
      softly.assertThat(reply.errorCode()).as("%s with %s: %s", reply, shortSent, reply.text())
          .isNotNull();
    }
  }

  private static Reply send(StackClient client, Endpoint endpoint, Map<String, Object> body) {
    return switch (endpoint.method()) {
      case "POST" -> client.post(API + endpoint.path(), body);
      case "PATCH" -> client.patch(API + endpoint.path(), body);
      case "DELETE" -> client.delete(API + endpoint.path(), body);
      default -> throw new IllegalArgumentException(endpoint.method());
    };
  }

  /** An endpoint and a valid request to it. */
  private record Endpoint(String method, String path, Map<String, Object> valid) {
    /** The valid request with one field, or one field of a listed object, of a wrong kind. */
    List<Map<String, Object>> variants() {
      List<Map<String, Object>> variants = new ArrayList<>();
      List<String> fields = new ArrayList<>(valid.keySet());
      fields.add("unknown_field");
      for (String field : fields) {
        for (Object wrong : WRONG_VALUES) {
          Map<String, Object> body = new LinkedHashMap<>(valid);
          body.put(field, wrong);
          variants.add(body);
        }
      }
      valid.forEach((field, value) -> {
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
          for (Object key : ((Map<?, ?>) list.get(0)).keySet()) {
            for (Object wrong : WRONG_VALUES) {
              Map<Object, Object> element = new LinkedHashMap<>((Map<?, ?>) list.get(0));
              element.put(key, wrong);
              Map<String, Object> body = new LinkedHashMap<>(valid);
              body.put(field, List.of(element));
              variants.add(body);
            }
          }
        }
      });
      return variants;
    }
  }
}
