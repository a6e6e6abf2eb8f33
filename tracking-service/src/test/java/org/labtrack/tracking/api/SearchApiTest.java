package org.labtrack.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * The search RPCs on the wire: request and response shapes, full runs in the search's order,
 * paging with the opaque token, and MLflow's errors. The grammar and SQL themselves are covered
 * in store/search.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class SearchApiTest {

  @Test
  void searchRunsReturnsFullRunsInOrderWithPaging() {
    String exp = createExperiment(unique("search"));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String run = createRun(exp);
      runs.add(run);
      post("/runs/log-batch", Map.of("run_id", run,
          "metrics", List.of(Map.of("key", "acc", "value", i / 10.0, "timestamp", 1, "step", 0)),
          "params", List.of(Map.of("key", "lr", "value", "0." + i)))).statusCode(200);
    }
    var first = post("/runs/search", Map.of("experiment_ids", List.of(exp),
        "filter", "metrics.acc >= 0.1", "order_by", List.of("metrics.acc DESC"), "max_results", 2))
        .statusCode(200)
        .body("runs", hasSize(2))
        .body("runs[0].info.run_id", equalTo(runs.get(4)))
        .body("runs[0].data.params[0].key", equalTo("lr"))
        .body("runs[0].data.metrics[0].value", equalTo(0.4f))
        .body("next_page_token", notNullValue())
        .extract().jsonPath();
    var second = post("/runs/search", Map.of("experiment_ids", List.of(exp),
        "filter", "metrics.acc >= 0.1", "order_by", List.of("metrics.acc DESC"), "max_results", 2,
        "page_token", first.getString("next_page_token"))).statusCode(200)
        .extract().jsonPath();
    assertThat(second.getList("runs.info.run_id")).containsExactly(runs.get(2), runs.get(1));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "filter", "metrics.acc >= 0.1",
        "order_by", List.of("metrics.acc DESC"), "max_results", 2,
        "page_token", second.getString("next_page_token"))).statusCode(200)
        .body(equalTo("{}"));
  }

  @Test
  void searchRunsErrors() {
    String exp = createExperiment(unique("searcherr"));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "filter", "metrics.acc >"))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "filter", "a = 1 OR b = 2"))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "max_results", 50001))
        .statusCode(400).body("message", containsString("max_results"));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "page_token", "garbage"))
        .statusCode(400).body("message", containsString("Invalid page token"));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "run_view_type", "SOME"))
        .statusCode(400);
  }

  @Test
  void deletedRunsFollowTheViewType() {
    String exp = createExperiment(unique("view"));
    String live = createRun(exp);
    String gone = createRun(exp);
    post("/runs/delete", Map.of("run_id", gone)).statusCode(200);
    assertThat(ids(exp, "ACTIVE_ONLY")).containsExactly(live);
    assertThat(ids(exp, "DELETED_ONLY")).containsExactly(gone);
    assertThat(ids(exp, "ALL")).containsExactlyInAnyOrder(live, gone);
  }

  @Test
  void searchExperimentsPostAndGet() {
    String prefix = unique("findme");
    createExperiment(prefix + "-a");
    createExperiment(prefix + "-b");
    post("/experiments/search", Map.of("filter", "name LIKE '" + prefix + "%'",
        "max_results", 1, "order_by", List.of("name ASC"))).statusCode(200)
        .body("experiments", hasSize(1))
        .body("experiments[0].name", equalTo(prefix + "-a"))
        .body("next_page_token", notNullValue());
    given().queryParam("filter", "name ILIKE '" + prefix.toUpperCase() + "%'")
        .queryParam("max_results", 10).queryParam("order_by", "name DESC")
        .get("/api/2.0/mlflow/experiments/search").then().statusCode(200)
        .body("experiments.name", equalTo(List.of(prefix + "-b", prefix + "-a")))
        .body("next_page_token", nullValue());
    // as MLflow's server: a search without max_results is refused (clients always send one)
    post("/experiments/search", Map.of()).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  private static List<String> ids(String exp, String viewType) {
    return post("/runs/search", Map.of("experiment_ids", List.of(exp), "run_view_type", viewType))
        .statusCode(200).extract().jsonPath().getList("runs.info.run_id");
  }
}
