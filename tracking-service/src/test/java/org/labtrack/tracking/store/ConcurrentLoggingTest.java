package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** Fifty writers on one run: every point is stored, no writer sees an error. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ConcurrentLoggingTest {
  private static final int WRITERS = 50;
  private static final int BATCHES_PER_WRITER = 10;
  private static final int POINTS_PER_BATCH = 20;

  @Test
  void fiftyThreadsLoggingToOneRunLoseNothing() throws Exception {
    String run = createRun(createExperiment(unique("concurrent")));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Callable<List<Integer>> task = () -> {
          List<Integer> statuses = new ArrayList<>();
          for (int b = 0; b < BATCHES_PER_WRITER; b++) {
            List<Map<String, Object>> metrics = new ArrayList<>();
            for (int p = 0; p < POINTS_PER_BATCH; p++) {
              int step = (writer * BATCHES_PER_WRITER + b) * POINTS_PER_BATCH + p;
              // shared keys contend for the same latest_metrics rows; own keys do not
              metrics.add(Map.of("key", "shared", "value", step, "timestamp", step, "step", step));
              metrics.add(Map.of("key", "w" + writer, "value", step, "timestamp", step,
                  "step", step));
            }
            statuses.add(json().body(Map.of("run_id", run, "metrics", metrics,
                    "tags", List.of(Map.of("key", "last_writer", "value", "w" + writer))))
                .post("/api/2.0/mlflow/runs/log-batch").statusCode());
            statuses.add(json().body(Map.of("run_id", run, "key", "p" + writer + "_" + b,
                "value", "v")).post("/api/2.0/mlflow/runs/log-parameter").statusCode());
          }
          return statuses;
        };
        results.add(pool.submit(task));
      }
      for (Future<List<Integer>> result : results) {
        assertThat(result.get()).containsOnly(200);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = WRITERS * BATCHES_PER_WRITER * POINTS_PER_BATCH;
    List<Integer> shared = get("/metrics/get-history", Map.of("run_id", run, "metric_key",
        "shared")).extract().path("metrics.step");
    assertThat(shared).hasSize(total).doesNotHaveDuplicates();
    for (int w = 0; w < WRITERS; w += 7) {
      assertThat(get("/metrics/get-history", Map.of("run_id", run, "metric_key", "w" + w))
          .extract().<List<Integer>>path("metrics.step")).hasSize(BATCHES_PER_WRITER * POINTS_PER_BATCH);
    }
    var data = get("/runs/get", Map.of("run_id", run)).extract().jsonPath();
    assertThat(data.getList("run.data.params")).hasSize(WRITERS * BATCHES_PER_WRITER);
    assertThat(data.getInt("run.data.metrics.find { it.key == 'shared' }.step"))
        .as("latest is the greatest step whatever the commit order").isEqualTo(total - 1);
  }
}
