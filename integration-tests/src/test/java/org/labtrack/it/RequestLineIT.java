package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.it.support.MlflowRest.API;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.logMetric;
import static org.labtrack.it.support.MlflowRest.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.StackClient;

/**
 * Request lines as long as MLflow's server takes them pass the gateway and the service behind
 * it: a chart of MLflow's 100-run maximum is one GET of about 4.2 KB, past Vert.x's default.
 */
@LabTrackTest
class RequestLineIT {
  private final LabTrackStack stack;

  RequestLineIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @Test
  void aChartOfAHundredRunsIsOneRequest() {
    StackClient reader = stack.client(stack.reader());
    StackClient editor = stack.client(stack.editor());
    String runId = createRun(editor, createExperiment(editor, unique("chart")))
        .get("run_id").asText();
    logMetric(editor, runId, "loss", 0.25, 3);
    List<String> runIds = new ArrayList<>(List.of(runId));
    while (runIds.size() < 100) {
      runIds.add(UUID.randomUUID().toString().replace("-", ""));
    }
    String query = "?run_ids=" + String.join("&run_ids=", runIds)
        + "&metric_key=loss&max_results=1000";
    for (String prefix : List.of(API, "/ajax-api/2.0/mlflow")) {
      String pathAndQuery = prefix + "/metrics/get-history-bulk-interval" + query;
      assertThat(pathAndQuery.length()).isGreaterThan(4096);
      JsonNode metrics = reader.get(pathAndQuery).ok().json().get("metrics");
      assertThat(metrics).hasSize(1);
      assertThat(metrics.get(0).get("run_id").asText()).isEqualTo(runId);
      assertThat(metrics.get(0).get("step").asLong()).isEqualTo(3);
    }
  }

  /**
   * Vert.x refuses the line in its HTTP decoder, before any handler of the gateway runs, and
   * answers {@code HTTP/1.0 414} without {@code Connection: close}, then closes the connection.
   * The JDK's HttpClient does not take an HTTP/1.0 answer to mean the connection closes; it
   * pooled this one and sent the next test's request into it. Python's http.client, which
   * MLflow's client uses, does. So the request goes on a connection of its own.
   */
  @Test
  void aLineBeyondSixteenKilobytesIsRefused() {
    String pathAndQuery = API + "/runs/get?run_id=" + "a".repeat(16_400);
    RawHttp.Response response = new RawHttp(stack.port(LabTrackStack.Service.GATEWAY))
        .send("GET", pathAndQuery, Map.of("Authorization", stack.reader().basic()), null);
    assertThat(response.status()).isEqualTo(414);
  }
}
