package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.getRun;
import static org.labtrack.it.support.MlflowRest.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.gateway.support.TestUser;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.StackClient;

/**
 * Odd spellings of paths, sent byte for byte to the real gateway in front of the real services.
 * Every attempt writes a marker nobody else writes: a run tag ({@code bypass=<marker>}) or an
 * artifact file named after it. An attempt is either refused (the status and error code as
 * given, and the marker is then nowhere) or routed to the canonical route, and then the marker
 * is really there. Readers must never get a marker in.
 */
@LabTrackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayBypassIT {
  private static final TestUser READER = TestUser.ALICE;
  private static final TestUser EDITOR = TestUser.BOB;
  private static final AtomicInteger MARKERS = new AtomicInteger();

  private LabTrackStack stack;
  private StackClient editor;
  private String runId;
  private String root;

  /** What the attempt must end in. */
  enum Outcome { ROUTED, REFUSED }

  /**
   * One attempt. {@code target} may contain {@code {run}} (the run id) and {@code {root}} (the
   * run's artifact root); {@code {marker}} is replaced with a fresh marker. {@code kind} is
   * "tag" (the body sets tag bypass=marker on the run) or "file" (the body is uploaded to a file
   * named by the marker in the target).
   */
  record Attempt(String label, String method, String target, TestUser user, String kind,
      Outcome outcome, int status, String code, Map<String, String> headers) {

    @Override
    public String toString() {
      return label + ": " + method + " " + target + (user == null ? "" : " as " + user.user());
    }
  }

  static Attempt tag(String label, String method, String target, TestUser user, Outcome outcome,
      int status, String code) {
    return new Attempt(label, method, target, user, "tag", outcome, status, code, Map.of());
  }

  static Attempt file(String label, String target, TestUser user, Outcome outcome, int status,
      String code) {
    return new Attempt(label, "PUT", target, user, "file", outcome, status, code, Map.of());
  }

  static Attempt withHeaders(Attempt attempt, Map<String, String> headers) {
    return new Attempt(attempt.label(), attempt.method(), attempt.target(), attempt.user(),
        attempt.kind(), attempt.outcome(), attempt.status(), attempt.code(), headers);
  }

  static Stream<Attempt> attempts() {
    String setTag = "/api/2.0/mlflow/runs/set-tag";
    String files = "/api/2.0/mlflow-artifacts/artifacts/{root}";
    Outcome routed = Outcome.ROUTED;
    Outcome refused = Outcome.REFUSED;
    return Stream.of(
        // The plain spellings, for reference.
        tag("canonical, editor", "POST", setTag, EDITOR, routed, 200, null),
        tag("canonical, reader", "POST", setTag, READER, refused, 403, "PERMISSION_DENIED"),
        tag("ajax prefix, reader", "POST", "/ajax-api/2.0/mlflow/runs/set-tag", READER, refused,
            403, "PERMISSION_DENIED"),
        tag("no credentials", "POST", setTag, null, refused, 401, "UNAUTHENTICATED"),
        // Merged slashes and a trailing slash map to the same route and the same rule.
        tag("double slash, editor", "POST", "/api/2.0/mlflow/runs//set-tag", EDITOR, routed, 200,
            null),
        tag("double slash, reader", "POST", "/api/2.0/mlflow/runs//set-tag", READER, refused, 403,
            "PERMISSION_DENIED"),
        tag("leading double slash, reader", "POST", "//api/2.0/mlflow/runs/set-tag", READER,
            refused, 403, "PERMISSION_DENIED"),
        tag("trailing slash, editor", "POST", setTag + "/", EDITOR, routed, 200, null),
        tag("trailing slash, reader", "POST", setTag + "/", READER, refused, 403,
            "PERMISSION_DENIED"),
        // An encoded unreserved letter decodes to the same route, under the same rule.
        tag("encoded letter, editor", "POST", "/api/2.0/mlflow/runs/%73et-tag", EDITOR, routed, 200,
            null),
        tag("encoded letter, reader", "POST", "/api/2.0/mlflow/runs/%73et-tag", READER, refused,
            403, "PERMISSION_DENIED"),
        // Dot segments, raw or encoded, to dress a write up as a read: refused outright.
        tag("dot-dot from search", "POST", "/api/2.0/mlflow/runs/search/../set-tag", READER,
            refused, 400, "BAD_REQUEST"),
        tag("encoded dot-dot", "POST", "/api/2.0/mlflow/runs/search/%2e%2e/set-tag", READER,
            refused, 400, "BAD_REQUEST"),
        tag("mixed-case encoded dot-dot", "POST", "/api/2.0/mlflow/runs/search/%2E%2e/set-tag",
            EDITOR, refused, 400, "BAD_REQUEST"),
        tag("single dot", "POST", "/api/2.0/mlflow/runs/./set-tag", EDITOR, refused, 400,
            "BAD_REQUEST"),
        tag("encoded slashes", "POST", "/api/2.0/mlflow/runs/search%2F..%2Fset-tag", READER,
            refused, 400, "BAD_REQUEST"),
        tag("encoded slash", "POST", "/api/2.0/mlflow/runs%2fset-tag", EDITOR, refused, 400,
            "BAD_REQUEST"),
        tag("double-encoded slash", "POST", "/api/2.0/mlflow/runs%252Fset-tag", EDITOR, refused,
            400, "BAD_REQUEST"),
        tag("backslash", "POST", "/api/2.0/mlflow/runs\\set-tag", EDITOR, refused, 400,
            "BAD_REQUEST"),
        tag("encoded backslash", "POST", "/api/2.0/mlflow/runs%5Cset-tag", EDITOR, refused, 400,
            "BAD_REQUEST"),
        tag("encoded NUL", "POST", setTag + "%00", EDITOR, refused, 400, "BAD_REQUEST"),
        // ';' is an ordinary character (no path parameters), so these name unknown routes.
        tag("semicolon suffix", "POST", setTag + ";search", EDITOR, refused, 404,
            "ENDPOINT_NOT_FOUND"),
        tag("semicolon segment, reader", "POST", "/api/2.0/mlflow/runs/search;/set-tag", READER,
            refused, 404, "ENDPOINT_NOT_FOUND"),
        tag("semicolon dot-dot", "POST", "/api/2.0/mlflow/runs/search;/../set-tag", READER,
            refused, 400, "BAD_REQUEST"),
        // Matching is case-sensitive, as MLflow's Flask routes are.
        tag("mixed case", "POST", "/api/2.0/mlflow/Runs/Set-Tag", EDITOR, refused, 404,
            "ENDPOINT_NOT_FOUND"),
        tag("upper-case prefix", "POST", "/API/2.0/mlflow/runs/set-tag", EDITOR, refused, 404,
            "ENDPOINT_NOT_FOUND"),
        // Trailing dots and spaces are other names.
        tag("trailing dot", "POST", setTag + ".", EDITOR, refused, 404, "ENDPOINT_NOT_FOUND"),
        tag("trailing encoded space", "POST", setTag + "%20", READER, refused, 404,
            "ENDPOINT_NOT_FOUND"),
        // A write dressed up as a read through headers: the headers are dropped, the read stays
        // a read and sets nothing.
        withHeaders(tag("rewrite headers on a search", "POST", "/api/2.0/mlflow/runs/search",
            READER, refused, 200, null), Map.of("X-Original-URL", setTag, "X-Rewrite-URL",
            setTag, "X-HTTP-Method-Override", "POST")),
        withHeaders(tag("forged identity headers", "POST", setTag, READER, refused, 403,
            "PERMISSION_DENIED"), Map.of("X-LabTrack-User", "bob",
            "X-LabTrack-Internal-Token", "guess", "X-Forwarded-For", "127.0.0.1")),
        // Artifact uploads: merged slashes land in the run's folder; escapes never leave it.
        file("artifact double slash, editor", files + "//{marker}.txt", EDITOR, routed, 200,
            null),
        file("artifact double slash, reader", files + "//{marker}.txt", READER, refused, 403,
            "PERMISSION_DENIED"),
        file("artifact trailing dot segment", files + "/./{marker}.txt", EDITOR, refused, 400,
            "BAD_REQUEST"),
        file("artifact escape", files + "/../{marker}.txt", EDITOR, refused, 400, "BAD_REQUEST"),
        file("artifact encoded escape", files + "/x/%2e%2e/%2e%2e/{marker}.txt", EDITOR, refused,
            400, "BAD_REQUEST"),
        file("artifact encoded slash", files + "/x%2F{marker}.txt", EDITOR, refused, 400,
            "BAD_REQUEST"),
        file("artifact mixed-case route", "/api/2.0/mlflow-artifacts/Artifacts/{root}/{marker}.txt",
            EDITOR, refused, 404, "ENDPOINT_NOT_FOUND"),
        // Multipart part uploads pass without credentials only with a signature, which
        // artifact-service then checks: a forged one stores nothing.
        file("unsigned part upload, reader", "/api/2.0/mlflow-artifacts/mpu/part/{root}/{marker}.txt"
            + "?upload_id=u&part_number=1&expires=4102444800", READER, refused, 403,
            "PERMISSION_DENIED"),
        file("Signature in the wrong case, anonymous", "/api/2.0/mlflow-artifacts/mpu/part/{root}/"
            + "{marker}.txt?upload_id=u&part_number=1&expires=4102444800&Signature=x", null,
            refused, 401, "UNAUTHENTICATED"),
        file("forged signature, anonymous", "/api/2.0/mlflow-artifacts/mpu/part/{root}/"
            + "{marker}.txt?upload_id=u&part_number=1&expires=4102444800&signature=forged", null,
            refused, 403, "PERMISSION_DENIED"));
  }

  @BeforeAll
  void seed(LabTrackStack stack) {
    this.stack = stack;
    editor = stack.client(EDITOR);
    String experimentId = createExperiment(editor, unique("bypass"));
    JsonNode info = createRun(editor, experimentId);
    runId = info.get("run_id").asText();
    root = experimentId + "/" + runId + "/artifacts";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attempts")
  void attempt(Attempt attempt) {
    String marker = "m" + MARKERS.incrementAndGet() + "-" + unique("bypass");
    String target = attempt.target().replace("{root}", root).replace("{run}", runId)
        .replace("{marker}", marker);
    byte[] body = attempt.kind().equals("tag")
        ? ("{\"run_id\":\"" + runId + "\",\"key\":\"bypass\",\"value\":\"" + marker + "\"}")
            .getBytes(StandardCharsets.UTF_8)
        : marker.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>(attempt.headers());
    headers.put("Content-Type", attempt.kind().equals("tag") ? "application/json" : "text/plain");
    if (attempt.user() != null) {
      headers.put("Authorization", attempt.user().basic());
    }
    RawHttp.Response response = new RawHttp(stack.port(LabTrackStack.Service.GATEWAY))
        .send(attempt.method(), target, headers, body);

    assertThat(response.status()).as(attempt + " -> " + response.text()).isEqualTo(attempt.status());
    if (attempt.code() != null) {
      assertThat(response.text()).as(attempt.toString())
          .contains("\"error_code\":\"" + attempt.code() + "\"");
    }
    boolean landed = attempt.kind().equals("tag") ? tagIs(marker) : fileHolds(marker);
    assertThat(landed).as(attempt + ": the marker " + (landed ? "landed" : "is missing"))
        .isEqualTo(attempt.outcome() == Outcome.ROUTED);
    if (attempt.user() == READER) {
      assertThat(landed).as("a reader's write got through: " + attempt).isFalse();
    }
  }

  private boolean tagIs(String marker) {
    JsonNode tags = getRun(editor, runId).at("/data/tags");
    for (JsonNode tag : tags) {
      if (tag.get("key").asText().equals("bypass")) {
        return tag.get("value").asText().equals(marker);
      }
    }
    return false;
  }

  /** Whether a file named {@code <marker>.txt} with the marker as content exists anywhere near the run. */
  private boolean fileHolds(String marker) {
    String experimentId = root.substring(0, root.indexOf('/'));
    for (String candidate : new String[] {root + "/" + marker + ".txt",
        experimentId + "/" + runId + "/" + marker + ".txt", root + "/x/" + marker + ".txt",
        experimentId + "/" + marker + ".txt", marker + ".txt"}) {
      StackClient.Reply reply = editor.get("/api/2.0/mlflow-artifacts/artifacts/" + candidate);
      if (reply.status() == 200 && reply.text().equals(marker)) {
        return true;
      }
    }
    return false;
  }
}
