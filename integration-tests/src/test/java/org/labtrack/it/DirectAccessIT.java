package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.it.support.MlflowRest.API;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.unique;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.it.support.LabTrackStack.Service;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.StackClient.Reply;
import org.labtrack.it.support.StackClient;

/**
 * The services' own ports, reached without the gateway: they refuse work (403 in MLflow's
 * format) unless the gateway's secret comes along, whatever else the caller presents. Only the
 * probes stay open.
 */
@LabTrackTest
class DirectAccessIT {
  private static final String TOKEN = "X-LabTrack-Internal-Token";
  private final LabTrackStack stack;

  DirectAccessIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @Test
  void trackingServiceRefusesCallersWithoutTheGatewaysSecret() {
    StackClient direct = stack.direct(Service.TRACKING);
    String read = API + "/experiments/get?experiment_id=0";
    assertDenied(direct.get(read));
    assertDenied(direct.withAuthorization(stack.admin().basic()).get(read));
    assertDenied(direct.send("GET", read, null, null, Map.of(TOKEN, "not-the-secret",
        "X-LabTrack-User", "carol")));
    assertDenied(direct.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=0"));
    assertDenied(direct.get("/internal/v1/tokens"));
    assertDenied(direct.post("/internal/v1/tokens/verify", Map.of("token", "lt_x")));

    String name = unique("direct");
    assertDenied(direct.post(API + "/experiments/create", Map.of("name", name)));
    assertThat(stack.client(stack.reader())
        .get(API + "/experiments/get-by-name?experiment_name=" + name).status()).isEqualTo(404);

    // The refusal is the secret's doing: with it, the same call works.
    assertThat(direct.send("GET", read, null, null, Map.of(TOKEN, stack.internalSecret()))
        .ok().json().at("/experiment/name").asText()).isEqualTo("Default");
    assertThat(direct.get("/health").ok().text()).isEqualTo("OK");
  }

  @Test
  void artifactServiceRefusesCallersWithoutTheGatewaysSecret() {
    StackClient editor = stack.client(stack.editor());
    String experimentId = createExperiment(editor, unique("direct-artifacts"));
    String runId = createRun(editor, experimentId).get("run_id").asText();
    String file = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId
        + "/artifacts/direct.txt";
    StackClient direct = stack.direct(Service.ARTIFACTS);

    assertDenied(direct.put(file, "sneaked in".getBytes(), "text/plain"));
    assertThat(editor.get(file).status()).isEqualTo(404);
    editor.put(file, "through the gateway".getBytes(), "text/plain").ok();
    assertDenied(direct.get(file));
    assertDenied(direct.withAuthorization(stack.editor().basic()).get(file));
    assertDenied(direct.delete(file, null));
    assertDenied(direct.get("/api/2.0/mlflow-artifacts/artifacts?path=" + experimentId));
    assertDenied(direct.get(API + "/artifacts/list?run_id=" + runId));
    assertDenied(direct.get("/get-artifact?run_uuid=" + runId + "&path=direct.txt"));
    assertDenied(direct.post("/api/2.0/mlflow-artifacts/mpu/create/" + experimentId,
        Map.of("path", "x.bin", "num_parts", 1)));
    assertDenied(direct.send("POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId
        + "&path=direct.txt", HttpRequest.BodyPublishers.ofString("x"), "text/plain", Map.of()));
    assertThat(editor.get(file).ok().text()).isEqualTo("through the gateway");

    assertThat(direct.send("GET", file, null, null, Map.of(TOKEN, stack.internalSecret()))
        .ok().text()).isEqualTo("through the gateway");
    assertThat(direct.get("/health").ok().text()).isEqualTo("OK");
  }

  private static void assertDenied(Reply reply) {
    assertThat(reply.status()).as(reply + " " + reply.text()).isEqualTo(403);
    assertThat(reply.errorCode()).as(reply.toString()).isEqualTo("PERMISSION_DENIED");
    assertThat(reply.json().get("message").asText())
        .isEqualTo("This service accepts requests only through the LabTrack gateway.");
  }
}
