package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.ProxiedMariaDbTestResource;

/**
 * The database goes away while a client logs: every request during the outage is answered
 * quickly with MLflow's retryable 503, the service recovers without a restart, and every point
 * it acknowledged is there afterwards.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.Proxied.class)
class DatabaseOutageTest {

  public static class Proxied implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ProxiedMariaDbTestResource.class));
    }
  }

  @Test
  void outageIsA503AndNothingAcknowledgedIsLost() throws Exception {
    String run = createRun(createExperiment(unique("outage")));
    int acknowledged = 0;
    for (int step = 0; step < 20; step++) {
      if (log(run, step).statusCode() == 200) {
        acknowledged++;
      }
    }
    assertThat(acknowledged).isEqualTo(20);

    ProxiedMariaDbTestResource.proxy.cut();
    int refused = 0;
    for (int step = 20; step < 30; step++) {
      long started = System.nanoTime();
      Response response = log(run, step);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(millis).as("answered without hanging").isLessThan(15_000);
      if (response.statusCode() == 200) {
        acknowledged++;
      } else {
        refused++;
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.jsonPath().getString("error_code"))
            .isEqualTo("TEMPORARILY_UNAVAILABLE");
        assertThat(response.asString()).doesNotContain("Exception");
      }
    }
    assertThat(refused).isPositive();

    ProxiedMariaDbTestResource.proxy.restore();
    int recovered = 0;
    for (int step = 30; step < 60; step++) {
      if (log(run, step).statusCode() == 200) {
        acknowledged++;
        recovered++;
      }
    }
    assertThat(recovered).as("recovers without a restart").isGreaterThanOrEqualTo(28);
    List<Integer> stored = get("/metrics/get-history", Map.of("run_id", run, "metric_key", "m"))
        .statusCode(200).extract().path("metrics.step");
    assertThat(stored).hasSize(acknowledged);
  }

  private static Response log(String run, int step) {
    return json().body(Map.of("run_id", run, "key", "m", "value", step, "timestamp", 1000 + step,
        "step", step)).post("/api/2.0/mlflow/runs/log-metric");
  }
}
