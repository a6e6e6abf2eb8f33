package org.labtrack.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * Metric histories come from memory only while their run is unchanged: every read path
 * (whole, paged, the charts' bulk reads) shows a write at once, and a change made behind the
 * service's back is seen only once the run's data version moves.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class HistoryCacheTest {
  @Inject
  AgroalDataSource dataSource;

  @Test
  void aKeptHistoryIsServedWhileItsRunsVersionStands() throws Exception {
    String run = runWithSteps(0, 9);
    assertThat(steps(run)).hasSize(10);

    sql("DELETE FROM metric_chunks WHERE run_uuid = ?", run);
    assertThat(steps(run)).hasSize(10);
    assertThat(pagedSteps(run)).hasSize(10);

    sql("UPDATE runs SET data_version = data_version + 1 WHERE run_uuid = ?", run);
    assertThat(steps(run)).isEmpty();
    assertThat(pagedSteps(run)).isEmpty();
  }

  @Test
  void everyReadShowsTheWriteBeforeIt() {
    String run = runWithSteps(0, 9);
    List<Integer> expected = new ArrayList<>(steps(run));
    assertThat(pagedSteps(run)).isEqualTo(expected);
    assertThat(chartSteps(run)).isEqualTo(expected);

    post("/runs/log-metric", Map.of("run_id", run, "key", "loss", "value", 10,
        "timestamp", 1010, "step", 10)).statusCode(200);
    expected.add(10);
    assertThat(steps(run)).isEqualTo(expected);
    assertThat(pagedSteps(run)).isEqualTo(expected);
    assertThat(chartSteps(run)).isEqualTo(expected);

    logSteps(run, 11, 12);
    expected.addAll(List.of(11, 12));
    assertThat(pagedSteps(run)).isEqualTo(expected);
    assertThat(chartSteps(run)).isEqualTo(expected);
    assertThat(steps(run)).isEqualTo(expected);
  }

  private static String runWithSteps(int from, int to) {
    String run = createRun(createExperiment(unique("history-cache")));
    logSteps(run, from, to);
    return run;
  }

  private static void logSteps(String run, int from, int to) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = from; step <= to; step++) {
      points.add(Map.of("key", "loss", "value", step, "timestamp", 1000 + step, "step", step));
    }
    post("/runs/log-batch", Map.of("run_id", run, "metrics", points)).statusCode(200);
  }

  private static List<Integer> steps(String run) {
    return stepsOf(get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss"))
        .statusCode(200).extract().jsonPath());
  }

  /** The steps of an answer's points; none (MLflow leaves an empty list out) is empty. */
  private static List<Integer> stepsOf(JsonPath answer) {
    List<Integer> steps = answer.getList("metrics.step", Integer.class);
    return steps == null ? List.of() : steps;
  }

  private static List<Integer> pagedSteps(String run) {
    List<Integer> steps = new ArrayList<>();
    String token = "";
    do {
      JsonPath page = get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss",
          "max_results", 3, "page_token", token)).statusCode(200).extract().jsonPath();
      steps.addAll(stepsOf(page));
      token = page.getString("next_page_token");
    } while (token != null);
    return steps;
  }

  private static List<Integer> chartSteps(String run) {
    return stepsOf(get("/metrics/get-history-bulk-interval", Map.of("run_ids", run,
        "metric_key", "loss", "max_results", 100)).statusCode(200).extract().jsonPath());
  }

  private void sql(String statement, String runId) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(statement)) {
      s.setString(1, runId);
      assertThat(s.executeUpdate()).isPositive();
    }
  }
}
