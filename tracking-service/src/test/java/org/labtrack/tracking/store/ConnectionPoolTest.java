package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * Many more concurrent clients than pooled connections (searches, reads, and writes that read
 * first): every request is served, none waits for a second connection while holding the first
 * (which ended in the pool's acquisition timeout and a 503 once half the pool's size of searches
 * ran at once).
 */
@QuarkusTest
@TestProfile(ConnectionPoolTest.SmallPool.class)
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ConnectionPoolTest {
  private static final int CLIENTS = 24;
  private static final int ROUNDS = 5;

  public static class SmallPool implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.datasource.jdbc.max-size", "4",
          "quarkus.datasource.jdbc.acquisition-timeout", "5s");
    }
  }

  @Test
  void clientsBeyondThePoolSizeAreAllServed() throws Exception {
    String experiment = createExperiment(unique("pool"));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String run = createRun(experiment);
      post("/runs/log-batch", Map.of("run_id", run,
          "params", List.of(Map.of("key", "lr", "value", "0." + i)),
          "metrics", List.of(Map.of("key", "loss", "value", i, "timestamp", 1, "step", 0),
              Map.of("key", "loss", "value", i + 1, "timestamp", 2, "step", 1))))
          .statusCode(200);
      runs.add(run);
    }

    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        String run = runs.get(c % runs.size());
        Callable<List<Integer>> client = () -> {
          List<Integer> statuses = new ArrayList<>();
          for (int r = 0; r < ROUNDS; r++) {
            statuses.add(post("/runs/search", Map.of("experiment_ids", List.of(experiment),
                "filter", "metrics.loss >= 0")).extract().statusCode());
            statuses.add(get("/runs/get", Map.of("run_id", run)).extract().statusCode());
            statuses.add(get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss"))
                .extract().statusCode());
            statuses.add(post("/experiments/search", Map.of("max_results", 10))
                .extract().statusCode());
            // writes that read before they write: the reads share the write's connection
            var model = post("/logged-models", Map.of("experiment_id", experiment,
                "source_run_id", run)).extract();
            statuses.add(model.statusCode());
            statuses.add(post("/runs/outputs", Map.of("run_id", run, "models", List.of(Map.of(
                "model_id", model.<String>path("model.info.model_id"), "step", r))))
                .extract().statusCode());
          }
          return statuses;
        };
        results.add(pool.submit(client));
      }
      for (Future<List<Integer>> result : results) {
        assertThat(result.get()).hasSize(6 * ROUNDS).containsOnly(200);
      }
    } finally {
      pool.shutdownNow();
    }
    // and the answers are whole: every run with its param and latest metric
    var found = post("/runs/search", Map.of("experiment_ids", List.of(experiment))).statusCode(200)
        .extract().<List<Map<String, Object>>>path("runs.data");
    assertThat(found).hasSize(5).allSatisfy(data -> {
      assertThat((List<?>) data.get("params")).hasSize(1);
      assertThat((List<?>) data.get("metrics")).hasSize(1);
    });
  }
}
