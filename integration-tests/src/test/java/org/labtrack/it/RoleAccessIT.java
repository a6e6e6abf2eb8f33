package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.it.support.MlflowRest.API;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.getRun;
import static org.labtrack.it.support.MlflowRest.logMetric;
import static org.labtrack.it.support.MlflowRest.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.routing.Route;
import org.labtrack.gateway.routing.RouteTable;
import org.labtrack.gateway.support.AccessRules;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.gateway.support.TestUser;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.StackClient.Reply;
import org.labtrack.it.support.StackClient;

/**
 * What each role may do on the real services behind the real gateway, with the effect of every
 * allowed write checked and the absence of effect of every refused one.
 */
@LabTrackTest
class RoleAccessIT {
  private final LabTrackStack stack;
  private StackClient reader;
  private StackClient editor;
  private StackClient admin;
  private String experimentId;
  private String runId;
  private String artifactRoot;

  RoleAccessIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void seed() {
    reader = stack.client(stack.reader());
    editor = stack.client(stack.editor());
    admin = stack.client(stack.admin());
    experimentId = createExperiment(editor, unique("roles"));
    JsonNode run = createRun(editor, experimentId);
    runId = run.get("run_id").asText();
    artifactRoot = experimentId + "/" + runId + "/artifacts";
    logMetric(editor, runId, "loss", 0.5, 0);
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/notes.txt",
        "seeded".getBytes(), "text/plain").ok();
  }

  @Test
  void aReaderReadsAndSearchesEverything() {
    reader.get(API + "/experiments/get?experiment_id=" + experimentId).ok();
    assertThat(reader.get(API + "/runs/get?run_id=" + runId).ok().json()
        .at("/run/data/metrics/0/value").asDouble()).isEqualTo(0.5);
    assertThat(reader.post(API + "/runs/search", Map.of("experiment_ids", List.of(experimentId)))
        .ok().json().at("/runs/0/info/run_id").asText()).isEqualTo(runId);
    assertThat(reader.post("/ajax-api/2.0/mlflow/runs/search",
        Map.of("experiment_ids", List.of(experimentId), "filter", "metrics.loss < 1"))
        .ok().json().get("runs")).hasSize(1);
    reader.post(API + "/experiments/search", Map.of("max_results", 10)).ok();
    editor.post(API + "/runs/log-inputs", Map.of("run_id", runId, "datasets", List.of(Map.of(
        "dataset", Map.of("name", "mnist", "digest", "d1", "source_type", "local", "source", "{}"),
        "tags", List.of(Map.of("key", "mlflow.data.context", "value", "training")))))).ok();
    assertThat(reader.post("/ajax-api/2.0/mlflow/experiments/search-datasets",
        Map.of("experiment_ids", List.of(experimentId))).ok().json()
        .at("/dataset_summaries/0/context").asText()).isEqualTo("training");
    reader.post(API + "/logged-models/search", Map.of("experiment_ids", List.of(experimentId))).ok();
    reader.get(API + "/metrics/get-history?run_id=" + runId + "&metric_key=loss").ok();
    reader.get(API + "/registered-models/search?max_results=5").ok();
    assertThat(reader.get(API + "/artifacts/list?run_id=" + runId).ok().json()
        .at("/files/0/path").asText()).isEqualTo("notes.txt");
    assertThat(reader.get("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/notes.txt")
        .ok().text()).isEqualTo("seeded");
    assertThat(reader.get("/api/labtrack/v1/users/current").ok().json().get("role").asText())
        .isEqualTo("reader");
  }

  @Test
  void aReadersWritesAreRefusedAndChangeNothing() {
    String name = unique("reader-made");
    assertRefused(reader.post(API + "/experiments/create", Map.of("name", name)), "reader");
    assertThat(editor.get(API + "/experiments/get-by-name?experiment_name=" + name).status())
        .isEqualTo(404);

    assertRefused(reader.post(API + "/runs/log-metric", Map.of("run_id", runId, "key", "loss",
        "value", 9.0, "timestamp", 1, "step", 1)), "reader");
    assertRefused(reader.post(API + "/runs/set-tag", Map.of("run_id", runId, "key", "k",
        "value", "v")), "reader");
    assertRefused(reader.post("/ajax-api/2.0/mlflow/runs/delete", Map.of("run_id", runId)),
        "reader");
    JsonNode run = getRun(editor, runId);
    assertThat(run.at("/info/lifecycle_stage").asText()).isEqualTo("active");
    assertThat(run.at("/data/tags").findValuesAsText("key")).doesNotContain("k");
    assertThat(editor.get(API + "/metrics/get-history?run_id=" + runId + "&metric_key=loss")
        .ok().json().get("metrics")).hasSize(1);

    String file = "/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/by-reader.txt";
    assertRefused(reader.put(file, "x".getBytes(), "text/plain"), "reader");
    assertThat(editor.get(file).status()).isEqualTo(404);
    assertRefused(reader.delete("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot
        + "/notes.txt", null), "reader");
    assertThat(editor.get("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/notes.txt")
        .ok().text()).isEqualTo("seeded");
    assertRefused(reader.post("/api/2.0/mlflow-artifacts/mpu/create/" + artifactRoot,
        Map.of("path", "big.bin", "num_parts", 2)), "reader");
    assertRefused(reader.send("POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId
        + "&path=ui.txt", java.net.http.HttpRequest.BodyPublishers.ofString("x"), "text/plain",
        Map.of()), "reader");
    assertThat(editor.get(API + "/artifacts/list?run_id=" + runId).ok().json()
        .findValuesAsText("path")).containsExactly("notes.txt");

    assertRefused(reader.post(API + "/registered-models/create", Map.of("name", name)), "reader");
    assertRefused(reader.post("/api/labtrack/v1/tokens", Map.of("user", "alice")), "reader");
  }

  @Test
  void anEditorWritesAndTheServicesKnowWho() {
    // Without user_id, tracking-service records the user the gateway authenticated.
    JsonNode info = editor.post(API + "/runs/create", Map.of("experiment_id", experimentId))
        .ok().json().at("/run/info");
    assertThat(info.get("user_id").asText()).isEqualTo(stack.editor().user());
    String id = info.get("run_id").asText();
    editor.post(API + "/runs/set-tag", Map.of("run_id", id, "key", "k", "value", "v")).ok();
    editor.post(API + "/runs/log-parameter", Map.of("run_id", id, "key", "p", "value", "1")).ok();
    JsonNode run = getRun(reader, id);
    assertThat(run.at("/data/tags").findValuesAsText("key")).contains("k");
    assertThat(run.at("/data/params/0/value").asText()).isEqualTo("1");

    editor.send("POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + id + "&path=ui/note.txt",
        java.net.http.HttpRequest.BodyPublishers.ofString("from the ui"), "text/plain", Map.of()).ok();
    assertThat(reader.get("/get-artifact?run_uuid=" + id + "&path=ui/note.txt").ok().text())
        .isEqualTo("from the ui");
    editor.delete("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/notes.txt", null).ok();
    assertThat(reader.get("/api/2.0/mlflow-artifacts/artifacts/" + artifactRoot + "/notes.txt")
        .status()).isEqualTo(404);

    editor.post(API + "/runs/delete", Map.of("run_id", id)).ok();
    assertThat(getRun(reader, id).at("/info/lifecycle_stage").asText()).isEqualTo("deleted");
    assertRefused(editor.post("/api/labtrack/v1/tokens", Map.of("user", "bob")), "editor");
    assertRefused(editor.get("/api/labtrack/v1/tokens"), "editor");
  }

  @Test
  void anAdminIssuesListsAndRevokesTokens() {
    Reply issued = admin.post("/api/labtrack/v1/tokens",
        Map.of("user", stack.reader().user(), "description", "dashboards")).ok();
    String secret = issued.json().get("secret").asText();
    String tokenId = issued.json().at("/token/id").asText();
    StackClient withToken = stack.clientWithToken(secret);
    assertThat(withToken.get("/api/labtrack/v1/users/current").ok().json().get("user").asText())
        .isEqualTo(stack.reader().user());
    withToken.get(API + "/runs/get?run_id=" + runId).ok();
    // The token carries its user's role: a reader's token cannot write.
    assertRefused(withToken.post(API + "/runs/set-tag", Map.of("run_id", runId, "key", "t",
        "value", "v")), "reader");

    assertThat(admin.get("/api/labtrack/v1/tokens?user=" + stack.reader().user()).ok().json()
        .get("tokens").findValuesAsText("id")).contains(tokenId);
    admin.delete("/api/labtrack/v1/tokens/" + tokenId, null).ok();
    Reply revoked = withToken.get(API + "/runs/get?run_id=" + runId);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(admin.delete("/api/labtrack/v1/tokens/" + tokenId, null).status()).isEqualTo(404);

    // An admin may also do what an editor may.
    admin.post(API + "/runs/set-tag", Map.of("run_id", runId, "key", "by", "value", "carol")).ok();
  }

  /** MLflow's client reads the challenge; the body is MLflow's JSON, never a login page. */
  @Test
  void missingOrWrongCredentialsGet401WithTheBasicChallenge() {
    RawHttp raw = new RawHttp(stack.port(LabTrackStack.Service.GATEWAY)).from("127.0.0.21");
    String target = API + "/experiments/get?experiment_id=" + experimentId;
    List<Map<String, String>> attempts = List.of(
        Map.of(),
        Map.of("Authorization", TestUser.basic(stack.reader().user(), "wrong-password-123")),
        Map.of("Authorization", TestUser.basic("mallory", "some-password-123")),
        Map.of("Authorization", "Basic not-base64!"),
        Map.of("Authorization", "Bearer lt_0000000000000000000000000000000000000000"));
    for (Map<String, String> headers : attempts) {
      RawHttp.Response response = raw.send("GET", target, headers, null);
      assertThat(response.status()).as(headers.toString()).isEqualTo(401);
      assertThat(response.headers("WWW-Authenticate")).as(headers.toString())
          .contains("Basic realm=\"LabTrack\"");
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(response.text()).contains("\"error_code\":\"UNAUTHENTICATED\"")
          .contains("\"message\":");
    }
    RawHttp.Response health = raw.send("GET", "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text()).isEqualTo("OK");
  }

  /**
   * Every route of the gateway's table on both prefixes, as nobody, each role and a reader's
   * token, against the real services: refused exactly when the table says so (with the
   * gateway's MLflow-shaped 401/403), and otherwise answered by the service itself, never with
   * a 5xx for these well-formed requests (501 for what LabTrack does not implement).
   */
  @Test
  void everyRouteOfTheTableOnTheRealServices() {
    record Caller(String label, Role role, String authorization) {
    }
    List<Caller> callers = new ArrayList<>();
    callers.add(new Caller("nobody", null, null));
    for (TestUser user : LabTrackStack.users()) {
      callers.add(new Caller(user.user(), user.role(), user.basic()));
    }
    callers.add(new Caller("alice-token", Role.READER,
        "Bearer " + stack.issueToken(stack.reader().user(), "route matrix")));
    SoftAssertions soft = new SoftAssertions();
    for (Route route : RouteTable.instance().routes()) {
      String body = AccessRules.sampleBody(route);
      for (Caller caller : callers) {
        StackClient client = stack.client().withAuthorization(caller.authorization());
        Reply reply = body == null ? client.send(route.method(), route.samplePath(), null, null,
            Map.of()) : client.send(route.method(), route.samplePath(),
            java.net.http.HttpRequest.BodyPublishers.ofString(body), "application/json", Map.of());
        String what = caller.label() + " -> " + route + ": " + reply.status() + " "
            + abbreviate(reply.text());
        if (AccessRules.allowed(route, caller.role())) {
          soft.assertThat(reply.status()).as(what).isNotIn(401, 429, 502, 503, 504);
          soft.assertThat(reply.status() < 500 || reply.status() == 501).as(what).isTrue();
          soft.assertThat(reply.status() == 403 && reply.text().contains("Permission denied: user"))
              .as(what).isFalse();
        } else {
          int expected = AccessRules.refusalStatus(caller.role() != null);
          soft.assertThat(reply.status()).as(what).isEqualTo(expected);
          soft.assertThat(reply.errorCode()).as(what)
              .isEqualTo(expected == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED");
        }
      }
    }
    soft.assertAll();
  }

  private static void assertRefused(Reply reply, String role) {
    assertThat(reply.status()).as(reply + " " + reply.text()).isEqualTo(403);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.errorCode()).isEqualTo("PERMISSION_DENIED");
    assertThat(reply.json().get("message").asText()).contains("(" + role + ")");
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
