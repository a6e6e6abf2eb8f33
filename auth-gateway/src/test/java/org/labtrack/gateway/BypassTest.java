package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.gateway.support.StubService;
import org.labtrack.gateway.support.TestUser;

/**
 * Ways to reach a route the caller may not use, or a path the table does not have, sent byte
 * for byte. Each is either refused (and reaches no service) or reaches exactly the route whose
 * rule was applied, with the path the gateway authorised: the assertions read what the stub
 * service received.
 */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class BypassTest {

  /**
   * One attempt: as {@code user} (null: no credentials), expect {@code status}; when the
   * attempt is routed, {@code service} ("tracking" or "artifacts") must receive
   * {@code forwarded} exactly; when refused, {@code code} is the error code.
   */
  record Attempt(String method, String target, TestUser user, int status, String code,
      String service, String forwarded) {

    static Attempt refused(String method, String target, TestUser user, int status,
        String code) {
      return new Attempt(method, target, user, status, code, null, null);
    }

    static Attempt routed(String method, String target, TestUser user, String service,
        String forwarded) {
      return new Attempt(method, target, user, 200, null, service, forwarded);
    }

    @Override
    public String toString() {
      return method + " " + target + (user == null ? "" : " as " + user.user());
    }
  }

  static Stream<Attempt> attempts() {
    TestUser reader = TestUser.ALICE;
    TestUser editor = TestUser.BOB;
    TestUser admin = TestUser.CAROL;
    String artifact = "/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/";
    return Stream.of(
        // Dot segments, raw or encoded: never resolved, always refused.
        Attempt.refused("POST", "/api/2.0/mlflow/runs/../experiments/delete", editor, 400,
            "BAD_REQUEST"),
        Attempt.refused("POST", "/api/2.0/mlflow/runs/%2e%2e/experiments/delete", editor, 400,
            "BAD_REQUEST"),
        Attempt.refused("POST", "/api/2.0/mlflow/runs/%2E%2e/experiments/delete", editor, 400,
            "BAD_REQUEST"),
        Attempt.refused("POST", "/api/2.0/mlflow/runs/.%2e/experiments/delete", editor, 400,
            "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/./runs/get", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/health/../api/2.0/mlflow/runs/get", null, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/ajax-api/2.0/mlflow/../../internal/v1/tokens", admin, 400,
            "BAD_REQUEST"),
        Attempt.refused("GET", artifact + "%2e%2e/%2e%2e/%2e%2e/etc/passwd", reader, 400,
            "BAD_REQUEST"),
        Attempt.refused("PUT", "/api/2.0/mlflow-artifacts/mpu/part/../../artifacts/1/x"
            + "?signature=abc", null, 400, "BAD_REQUEST"),
        // Encoded separators, backslashes, double encoding, NUL, broken UTF-8.
        Attempt.refused("GET", artifact + "a%2f..%2f..%2fb", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", artifact + "a%2F..%2Fb", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", artifact + "a%5c..%5cb", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", artifact + "a\\..\\b", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/%252e%252e/get", reader, 400,
            "BAD_REQUEST"),
        Attempt.refused("GET", artifact + "a%252fb", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get%00", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", artifact + "a%00.txt", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/%c0%ae%c0%ae/get", reader, 400,
            "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/%u002e%u002e/get", reader, 400,
            "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/%zz/get", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get%", reader, 400, "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get?run_id=%zz", reader, 400,
            "BAD_REQUEST"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get?run_id=a\\b", reader, 400,
            "BAD_REQUEST"),
        // Mixed case, trailing dots, path parameters, encoded '?' and '#': not routes.
        Attempt.refused("GET", "/API/2.0/mlflow/runs/get", reader, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.0/MLflow/runs/get", reader, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("POST", "/api/2.0/mlflow/Runs/Delete", editor, 404,
            "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get.", reader, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get%2e", reader, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get;jsessionid=1", reader, 404,
            "ENDPOINT_NOT_FOUND"),
        Attempt.refused("POST", "/api/2.0/mlflow;x=1/runs/delete", editor, 404,
            "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get%3Frun_id=1", reader, 404,
            "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.0/mlflow/runs/get%23", reader, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/api/2.1/mlflow/runs/get", reader, 404, "ENDPOINT_NOT_FOUND"),
        // Paths that exist on the services but are not public routes.
        Attempt.refused("GET", "/internal/v1/tokens", admin, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("POST", "/internal/v1/tokens/verify", admin, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/q/health", null, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/q/metrics", admin, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("GET", "/health/", null, 404, "ENDPOINT_NOT_FOUND"),
        Attempt.refused("OPTIONS", "/api/2.0/mlflow/runs/get", reader, 405, "BAD_REQUEST"),
        Attempt.refused("TRACE", "/api/2.0/mlflow/runs/get", reader, 405, "BAD_REQUEST"),
        // Same rule whatever the spelling: a reader's write stays a write.
        Attempt.refused("POST", "/ajax-api/2.0/mlflow/runs/delete", reader, 403,
            "PERMISSION_DENIED"),
        Attempt.refused("POST", "//api/2.0/mlflow/runs/delete", reader, 403,
            "PERMISSION_DENIED"),
        Attempt.refused("POST", "/api/2.0/mlflow/runs/%64elete", reader, 403,
            "PERMISSION_DENIED"),
        Attempt.refused("DELETE", artifact + "model/", reader, 403, "PERMISSION_DENIED"),
        // A signature opens only part uploads, and only a non-empty one.
        Attempt.refused("PUT", artifact + "x.bin?signature=abc", null, 401, "UNAUTHENTICATED"),
        Attempt.refused("PUT", "/api/2.0/mlflow-artifacts/mpu/part/1/x.bin?signature=", null,
            401, "UNAUTHENTICATED"),
        Attempt.refused("PUT", "/api/2.0/mlflow-artifacts/mpu/part/1/x.bin?Signature=abc", null,
            401, "UNAUTHENTICATED"),
        Attempt.refused("POST", "/api/2.0/mlflow-artifacts/mpu/create/1/x.bin?signature=abc",
            null, 401, "UNAUTHENTICATED"),
        // Spellings that mean the same route: forwarded in the canonical spelling.
        Attempt.routed("GET", "//api/2.0/mlflow/runs/get?run_id=abc", reader, "tracking",
            "/api/2.0/mlflow/runs/get?run_id=abc"),
        Attempt.routed("GET", "/api/2.0//mlflow///runs/get/", reader, "tracking",
            "/api/2.0/mlflow/runs/get"),
        Attempt.routed("GET", "/api/2.0/mlflow/runs/%67et?run_id=x", reader, "tracking",
            "/api/2.0/mlflow/runs/get?run_id=x"),
        Attempt.routed("GET", "/api/2.0/mlflow/runs/get?x=/../../experiments/delete", reader,
            "tracking", "/api/2.0/mlflow/runs/get?x=/../../experiments/delete"),
        Attempt.routed("GET", "http://evil.example/api/2.0/mlflow/runs/get?run_id=1", reader,
            "tracking", "/api/2.0/mlflow/runs/get?run_id=1"),
        Attempt.routed("GET", artifact + "a;b.txt", reader, "artifacts", artifact + "a%3Bb.txt"),
        Attempt.routed("GET", artifact + "a%20b%c3%a9.txt", reader, "artifacts",
            artifact + "a%20b%C3%A9.txt"),
        Attempt.routed("GET", artifact + "%7Efile", reader, "artifacts", artifact + "~file"),
        Attempt.routed("GET", artifact + "50%25.txt", reader, "artifacts", artifact + "50%25.txt"),
        Attempt.routed("GET", artifact + "%ef%bc%8e%ef%bc%8e/x", reader, "artifacts",
            artifact + "%EF%BC%8E%EF%BC%8E/x"),
        Attempt.routed("HEAD", artifact + "model.pkl", reader, "artifacts",
            artifact + "model.pkl"),
        Attempt.routed("PUT", "/api/2.0/mlflow-artifacts/mpu/part/1/0a1b/artifacts/big.bin"
            + "?upload_id=u1&part_number=3&signature=c2ln", null, "artifacts",
            "/api/2.0/mlflow-artifacts/mpu/part/1/0a1b/artifacts/big.bin"
                + "?upload_id=u1&part_number=3&signature=c2ln"),
        Attempt.routed("PUT", "/ajax-api/2.0/mlflow-artifacts/mpu/part/1/big.bin?signature=x",
            null, "artifacts", "/ajax-api/2.0/mlflow-artifacts/mpu/part/1/big.bin?signature=x"));
  }

  @BeforeEach
  void clear() {
    GatewayTestResource.services().clear();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attempts")
  void isRefusedOrRoutedAsAuthorised(Attempt attempt) {
    GatewayTestResource.Services services = GatewayTestResource.services();
    Map<String, String> headers = new HashMap<>();
    if (attempt.user() != null) {
      headers.put("Authorization", attempt.user().basic());
    }
    byte[] body = attempt.method().equals("PUT") || attempt.method().equals("POST")
        ? "{}".getBytes() : null;
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    RawHttp.Response response = new RawHttp(GatewayClient.port())
        .send(attempt.method(), attempt.target(), headers, body);

    assertThat(response.status()).as(response.text()).isEqualTo(attempt.status());
    if (attempt.service() == null) {
      assertThat(new JsonObject(response.text()).getString("error_code"))
          .isEqualTo(attempt.code());
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(services.tracking().received()).isEmpty();
      assertThat(services.artifacts().received()).isEmpty();
      return;
    }
    StubService target = attempt.service().equals("tracking") ? services.tracking()
        : services.artifacts();
    StubService other = target == services.tracking() ? services.artifacts()
        : services.tracking();
    StubService.Received received = target.only();
    assertThat(received.method()).isEqualTo(attempt.method());
    assertThat(received.target()).isEqualTo(attempt.forwarded());
    assertThat(received.header("X-LabTrack-User"))
        .isEqualTo(attempt.user() == null ? null : attempt.user().user());
    assertThat(other.received()).isEmpty();
  }
}
