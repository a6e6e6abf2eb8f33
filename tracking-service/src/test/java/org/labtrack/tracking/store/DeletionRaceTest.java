package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * Runs created while their experiment is being deleted: each is refused, or created before the
 * deletion and deleted with the experiment. None is left active in a deleted experiment, where
 * no list shows it and restoring the experiment would not be what brought it back.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class DeletionRaceTest {
  private static final int CREATORS = 7;
  private static final int ROUNDS = 8;

  @Test
  void noRunOutlivesItsExperimentsDeletion() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CREATORS + 1);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String experiment = createExperiment(unique("race"));
        CyclicBarrier start = new CyclicBarrier(CREATORS + 1);
        List<Future<Response>> creates = new ArrayList<>();
        for (int i = 0; i < CREATORS; i++) {
          creates.add(pool.submit(() -> {
            start.await();
            return json().body(Map.of("experiment_id", experiment))
                .post("/api/2.0/mlflow/runs/create");
          }));
        }
        Future<Response> delete = pool.submit(() -> {
          start.await();
          return json().body(Map.of("experiment_id", experiment))
              .post("/api/2.0/mlflow/experiments/delete");
        });
        assertThat(delete.get().statusCode()).isEqualTo(200);
        int created = 0;
        for (Future<Response> create : creates) {
          Response response = create.get();
          if (response.statusCode() == 200) {
            created++;
          } else {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("error_code"))
                .isEqualTo("INVALID_PARAMETER_VALUE");
          }
        }
        List<String> stages = post("/runs/search", Map.of("experiment_ids", List.of(experiment),
            "run_view_type", "ALL")).statusCode(200).extract().path("runs.info.lifecycle_stage");
        assertThat(stages == null ? List.of() : stages).as("round " + round)
            .hasSize(created).allMatch("deleted"::equals);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
