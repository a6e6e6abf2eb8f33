package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.labtrack.it.support.MlflowRest.API;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.getRun;
import static org.labtrack.it.support.MlflowRest.logMetric;
import static org.labtrack.it.support.MlflowRest.unique;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labtrack.it.support.LabTrackStack.Service;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.StackClient.Reply;
import org.labtrack.it.support.StackClient;

/**
 * A service behind the gateway goes down (SIGTERM) and comes back: meanwhile the gateway answers
 * its routes at once with MLflow's retryable 503, keeps serving the other service, reports it
 * on its readiness probe, and serves again as soon as it is back, with nothing lost.
 */
@LabTrackTest
class ServiceOutageIT {
  private static final Duration QUICKLY = Duration.ofSeconds(3);
  private final LabTrackStack stack;

  ServiceOutageIT(LabTrackStack stack) {
    this.stack = stack;
  }

  /** Whatever happens, the shared stack is whole again for the next test class. */
  @AfterEach
  void restore() {
    for (Service service : Service.values()) {
      stack.start(service);
    }
  }

  @Test
  void trackingServiceDown() {
    StackClient editor = stack.client(stack.editor());
    String experimentId = createExperiment(editor, unique("outage"));
    String runId = createRun(editor, experimentId).get("run_id").asText();
    logMetric(editor, runId, "before", 1.0, 0);
    String file = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId
        + "/artifacts/kept.txt";
    editor.put(file, "kept".getBytes(), "text/plain").ok();
    String token = stack.issueToken(stack.editor().user(), "outage");

    stack.stop(Service.TRACKING);

    assertUnavailable(() -> editor.get(API + "/runs/get?run_id=" + runId), "tracking-service");
    assertUnavailable(() -> editor.post(API + "/runs/log-metric", Map.of("run_id", runId,
        "key", "during", "value", 2.0, "timestamp", 1, "step", 0)), "tracking-service");
    // artifact-service needs tracking-service to find a run's root; plain artifact calls do not.
    assertUnavailable(() -> editor.get(API + "/artifacts/list?run_id=" + runId), null);
    assertThat(editor.get(file).ok().text()).isEqualTo("kept");
    // A token that cannot be checked is not a bad token: 503, never 401.
    assertUnavailable(() -> stack.clientWithToken(token).get(API + "/runs/get?run_id=" + runId),
        null);
    assertThat(readiness()).isEqualTo(503);

    stack.start(Service.TRACKING);

    await().atMost(Duration.ofSeconds(30))
        .until(() -> editor.get(API + "/runs/get?run_id=" + runId).status() == 200);
    assertThat(getRun(editor, runId).at("/data/metrics/0/key").asText()).isEqualTo("before");
    logMetric(editor, runId, "after", 3.0, 0);
    stack.clientWithToken(token).get(API + "/runs/get?run_id=" + runId).ok();
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
  }

  @Test
  void artifactServiceDown() {
    StackClient editor = stack.client(stack.editor());
    String experimentId = createExperiment(editor, unique("outage-artifacts"));
    String runId = createRun(editor, experimentId).get("run_id").asText();
    String file = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId
        + "/artifacts/kept.bin";
    editor.put(file, new byte[] {1, 2, 3}, "application/octet-stream").ok();

    stack.stop(Service.ARTIFACTS);

    assertUnavailable(() -> editor.get(file), "artifact-service");
    assertUnavailable(() -> editor.put(file, new byte[] {4}, "application/octet-stream"),
        "artifact-service");
    assertUnavailable(() -> editor.get(API + "/artifacts/list?run_id=" + runId),
        "artifact-service");
    // Tracking goes on.
    logMetric(editor, runId, "during", 1.0, 0);
    assertThat(readiness()).isEqualTo(503);

    stack.start(Service.ARTIFACTS);

    await().atMost(Duration.ofSeconds(30)).until(() -> editor.get(file).status() == 200);
    assertThat(editor.get(file).ok().body()).containsExactly(1, 2, 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
  }

  /** 503 TEMPORARILY_UNAVAILABLE in MLflow's JSON, within {@link #QUICKLY}. */
  private static void assertUnavailable(Supplier<Reply> call, String naming) {
    long start = System.nanoTime();
    Reply reply = call.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(reply.status()).as(reply + " " + reply.text()).isEqualTo(503);
    assertThat(reply.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
    if (naming != null) {
      assertThat(reply.json().get("message").asText()).contains(naming);
    }
    assertThat(took).as("time to answer " + reply).isLessThan(QUICKLY);
  }

  /** The gateway's readiness probe status (one check per service). */
  private int readiness() {
    StackClient probe = stack.client().withBaseUrl("http://127.0.0.1:"
        + stack.managementPort(Service.GATEWAY));
    return probe.get("/q/health/ready").status();
  }
}
