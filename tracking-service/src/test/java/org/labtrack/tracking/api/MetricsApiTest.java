package org.labtrack.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class MetricsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void historyPagesNeverSkipOrRepeat() {
    String run = createRun(createExperiment(unique("pages")));
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // two points share each timestamp: paging must use the whole sort key
      points.add(Map.of("key", "loss", "value", i, "timestamp", 100 + i / 2, "step", i));
    }
    points.add(Map.of("key", "loss", "value", "NaN", "timestamp", 100, "step", 0));
    post("/runs/log-batch", Map.of("run_id", run, "metrics", points)).statusCode(200);

    List<Integer> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      var query = new java.util.HashMap<String, Object>(
          Map.of("run_id", run, "metric_key", "loss", "max_results", 3));
      if (token != null) {
        query.put("page_token", token);
      }
      JsonPath page = get("/metrics/get-history", query).statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("metrics.step", Integer.class));
      token = page.getString("next_page_token");
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(4);
    assertThat(seen).hasSize(11);
    assertThat(seen.subList(0, 3)).containsExactly(0, 0, 1);
  }

  @Test
  void pointsLoggedOutOfOrderOverManyWritesComeBackInOrderEachOnce() {
    String run = createRun(createExperiment(unique("order")));
    for (int start : new int[] {30, 10, 20, 10}) { // the last write repeats the second
      List<Map<String, Object>> points = new ArrayList<>();
      for (int i = start + 4; i >= start; i--) {
        points.add(Map.of("key", "loss", "value", i, "timestamp", 1000 + i, "step", i));
      }
      post("/runs/log-batch", Map.of("run_id", run, "metrics", points)).statusCode(200);
    }
    post("/runs/log-metric", Map.of("run_id", run, "key", "loss", "value", 0,
        "timestamp", 1000, "step", 0)).statusCode(200);
    List<Integer> expected = new ArrayList<>(List.of(0));
    for (int start : new int[] {10, 20, 30}) {
      for (int i = start; i <= start + 4; i++) {
        expected.add(i);
      }
    }

    assertThat(get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss"))
        .statusCode(200).extract().jsonPath().getList("metrics.step", Integer.class))
        .isEqualTo(expected);
    List<Integer> paged = new ArrayList<>();
    String token = "";
    do {
      JsonPath page = get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss",
          "max_results", 4, "page_token", token)).statusCode(200).extract().jsonPath();
      paged.addAll(page.getList("metrics.step", Integer.class));
      token = page.getString("next_page_token");
    } while (token != null);
    assertThat(paged).isEqualTo(expected);
  }

  @Test
  void badPageTokenIs400() {
    String run = createRun(createExperiment(unique("token")));
    get("/metrics/get-history", Map.of("run_id", run, "metric_key", "m", "max_results", 1,
        "page_token", "not-a-token")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    // a token is bound to its run and metric
    post("/runs/log-batch", Map.of("run_id", run, "metrics", List.of(
        Map.of("key", "m", "value", 1, "timestamp", 1, "step", 0),
        Map.of("key", "m", "value", 2, "timestamp", 2, "step", 1)))).statusCode(200);
    String token = get("/metrics/get-history", Map.of("run_id", run, "metric_key", "m",
        "max_results", 1)).statusCode(200).extract().path("next_page_token");
    get("/metrics/get-history", Map.of("run_id", run, "metric_key", "other", "max_results", 1,
        "page_token", token)).statusCode(400)
        .body("message", containsString("Invalid page token"));
  }

  @Test
  void historyOfAnUnknownRunOrKeyIsEmptyAsInMlflow() {
    // MLflow's server does not look the run up for any history read (checked against 2.12.2).
    String unknown = "a".repeat(32);
    get("/metrics/get-history", Map.of("run_id", unknown, "metric_key", "m")).statusCode(200)
        .body(equalTo("{}"));
    get("/metrics/get-history", Map.of("run_id", unknown, "metric_key", "m", "max_results", 10))
        .statusCode(200).body(equalTo("{}"));
    given().queryParam("run_ids", unknown).queryParam("metric_key", "m")
        .get("/api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(200)
        .body(equalTo("{}"));
    given().queryParam("run_id", unknown).queryParam("metric_key", "m")
        .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk").then().statusCode(200)
        .body(equalTo("{\"metrics\":[]}"));
    String run = createRun(createExperiment(unique("empty")));
    get("/metrics/get-history", Map.of("run_id", run, "metric_key", "none")).statusCode(200)
        .body(equalTo("{}"));
    get("/metrics/get-history", Map.of("run_id", run)).statusCode(400);
  }

  @Test
  void bulkIntervalSamplesStepsAcrossRunsAndKeepsBoundaries() {
    String exp = createExperiment(unique("bulk"));
    String a = createRun(exp);
    String b = createRun(exp);
    logSteps(a, 0, 1000);
    logSteps(b, 500, 600);
    JsonPath all = given().queryParam("run_ids", a).queryParam("run_ids", b)
        .queryParam("metric_key", "acc").queryParam("max_results", 10)
        .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(200)
        .extract().jsonPath();
    List<Integer> stepsA = all.getList("metrics.findAll { it.run_id == '" + a + "' }.step");
    List<Integer> stepsB = all.getList("metrics.findAll { it.run_id == '" + b + "' }.step");
    assertThat(stepsA).contains(0, 999, 500, 599).hasSizeLessThanOrEqualTo(15);
    assertThat(stepsB).contains(500, 599).allMatch(s -> s >= 500 && s < 600);

    List<Integer> ranged = given().queryParam("run_ids", a).queryParam("metric_key", "acc")
        .queryParam("start_step", 100).queryParam("end_step", 200).queryParam("max_results", 1000)
        .get("/api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(200)
        .extract().path("metrics.step");
    assertThat(ranged).hasSize(101).startsWith(100).endsWith(200);
  }

  @Test
  void bulkIntervalValidation() {
    String run = createRun(createExperiment(unique("bulkval")));
    given().queryParam("run_ids", run).queryParam("metric_key", "m").queryParam("max_results", 0)
        .get("/api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(400)
        .body("message", equalTo("max_results must be between 1 and 2500."));
    given().queryParam("run_ids", run).queryParam("metric_key", "m").queryParam("start_step", 5)
        .get("/api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(400)
        .body("message", equalTo(
            "If either start step or end step are specified, both must be specified."));
    given().queryParam("run_ids", run).queryParam("metric_key", "m").queryParam("start_step", 5)
        .queryParam("end_step", 1).get("/api/2.0/mlflow/metrics/get-history-bulk-interval")
        .then().statusCode(400);
    var tooMany = given().queryParam("metric_key", "m");
    for (int i = 0; i < 101; i++) {
      tooMany.queryParam("run_ids", "r" + i);
    }
    tooMany.get("/api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(400)
        .body("message", equalTo("GetMetricHistoryBulkInterval request must specify at most 100 "
            + "run_ids. Received 101 run_ids."));
  }

  @Test
  void legacyBulkHistoryForTheUi() {
    String exp = createExperiment(unique("legacybulk"));
    String a = createRun(exp);
    logSteps(a, 0, 5);
    given().queryParam("run_id", a).queryParam("metric_key", "acc")
        .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk").then().statusCode(200)
        .body("metrics.size()", equalTo(5))
        .body("metrics[0].run_id", equalTo(a));
    // MLflow writes this answer by hand, so its empty list stays; the proto answers drop it.
    given().queryParam("run_id", a).queryParam("metric_key", "none")
        .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk").then().statusCode(200)
        .body(equalTo("{\"metrics\":[]}"));
    given().queryParam("run_ids", a).queryParam("metric_key", "none")
        .get("/api/2.0/mlflow/metrics/get-history-bulk-interval").then().statusCode(200)
        .body(equalTo("{}"));
  }

  private static void logSteps(String run, int from, int to) {
    for (int start = from; start < to; start += 1000) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int s = start; s < Math.min(to, start + 1000); s++) {
        batch.add(Map.of("key", "acc", "value", s / 1000.0, "timestamp", s, "step", s));
      }
      post("/runs/log-batch", Map.of("run_id", run, "metrics", batch)).statusCode(200);
    }
  }

  @Test
  void valuesAndNamesComeBackExactlyAsLogged() throws Exception {
    String run = createRun(createExperiment(unique("exact")));
    String key = "état/ö x-1.2:ü_";
    double[] values = {Double.MIN_VALUE, -Double.MAX_VALUE, 0.1 + 0.2, 1e-300,
        123456789.123456789, 2.5e15};
    long[] steps = {-3, 0, 7, 1L << 40, 9_007_199_254_740_993L, 5};
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(Map.of("key", key, "value", values[i], "timestamp", 1_700_000_000_000L + i,
          "step", steps[i]));
    }
    for (int attempt = 0; attempt < 2; attempt++) { // a retried batch stores nothing twice
      post("/runs/log-batch", Map.of("run_id", run, "metrics", points)).statusCode(200);
    }
    post("/runs/log-metric", Map.of("run_id", run, "key", "ünï code", "value", -0.5e-7,
        "timestamp", 42, "step", 1)).statusCode(200);

    JsonNode history = JSON.readTree(get("/metrics/get-history",
        Map.of("run_id", run, "metric_key", key)).statusCode(200).extract().asString());
    assertThat(history.get("metrics")).hasSize(values.length);
    for (int i = 0; i < values.length; i++) {
      JsonNode point = history.get("metrics").get(i);
      assertThat(point.get("key").asText()).isEqualTo(key);
      assertThat(point.get("value").doubleValue()).isEqualTo(values[i]);
      assertThat(point.get("timestamp").longValue()).isEqualTo(1_700_000_000_000L + i);
      assertThat(point.get("step").longValue()).isEqualTo(steps[i]);
    }
    JsonNode latest = JSON.readTree(get("/runs/get", Map.of("run_id", run)).statusCode(200)
        .extract().asString()).at("/run/data/metrics");
    assertThat(latest).hasSize(2);
    assertThat(latest.get(0).get("key").asText()).isEqualTo(key);
    assertThat(latest.get(0).get("step").longValue()).isEqualTo(9_007_199_254_740_993L);
    assertThat(latest.get(0).get("value").doubleValue()).isEqualTo(123456789.123456789);
    assertThat(latest.get(1).get("key").asText()).isEqualTo("ünï code");
    assertThat(latest.get(1).get("value").doubleValue()).isEqualTo(-0.5e-7);
  }
}
