package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labtrack.gateway.auth.LoginThrottle;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.gateway.support.TestUser;

/** Sign-in: the shape of refusals, the users file as the one authority, throttling. */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class AuthenticationTest {
  private static final String READ = "/api/2.0/mlflow/experiments/get?experiment_id=0";
  private static final String WRITE = "/api/2.0/mlflow/runs/delete";

  @Inject
  LoginThrottle throttle;

  @BeforeEach
  @AfterEach
  void reset() {
    throttle.clear();
    GatewayTestResource.services().clear();
  }

  @Test
  void missingCredentialsGet401WithABasicChallengeAndMlflowJson() {
    HttpResponse<String> response = GatewayClient.get(READ, null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Basic realm=\"LabTrack\"");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error_code", "message");
    assertThat(body.getString("error_code")).isEqualTo("UNAUTHENTICATED");
    assertThat(body.getString("message")).contains("MLFLOW_TRACKING_USERNAME");
    assertThat(GatewayTestResource.services().tracking().received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"wrong-password", "unknown-user", "malformed", "no-colon",
      "empty-basic", "other-scheme", "empty-user"})
  void badCredentialsGet401NeverA5xx(String kind) {
    String authorization = switch (kind) {
      case "wrong-password" -> TestUser.basic("alice", "not-alices-password");
      case "unknown-user" -> TestUser.basic("mallory", "whatever-password");
      case "malformed" -> "Basic !!!not-base64!!!";
      case "no-colon" -> "Basic " + java.util.Base64.getEncoder().encodeToString("alice".getBytes());
      case "empty-basic" -> "Basic";
      case "other-scheme" -> "Digest username=\"alice\"";
      default -> TestUser.basic("", TestUser.ALICE.password());
    };
    HttpResponse<String> response = GatewayClient.get(READ, authorization);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .contains("Basic realm=\"LabTrack\"");
    assertThat(GatewayClient.errorCode(response)).isEqualTo("UNAUTHENTICATED");
    assertThat(GatewayTestResource.services().tracking().received()).isEmpty();
  }

  @Test
  void aReadersWriteIs403PermissionDeniedInMlflowJson() {
    HttpResponse<String> response = GatewayClient.send("POST", WRITE, TestUser.ALICE.basic(),
        "{\"run_id\":\"0a1b\"}");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("error_code")).isEqualTo("PERMISSION_DENIED");
    assertThat(body.getString("message")).contains("alice").contains("editor");
    assertThat(GatewayClient.send("POST", WRITE, TestUser.BOB.basic(), "{}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aUserWithoutRoleMayDoNothing() {
    HttpResponse<String> response = GatewayClient.get(READ, TestUser.DAVE.basic());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(response.body()).getString("message")).contains("no role");
  }

  @Test
  void failedSignInsLockOutTheirAccountFromTheirAddress() {
    RawHttp shared = new RawHttp(GatewayClient.port()).from("127.0.0.2");
    Map<String, String> wrong = Map.of("Authorization", TestUser.basic("alice", "guess"));
    for (int i = 0; i < GatewayTestResource.MAX_FAILURES; i++) {
      assertThat(shared.send("GET", READ, wrong, null).status()).isEqualTo(401);
    }
    RawHttp.Response locked = shared.send("GET", READ,
        Map.of("Authorization", TestUser.ALICE.basic()), null);
    assertThat(locked.status()).isEqualTo(429);
    assertThat(new JsonObject(locked.text()).getString("error_code"))
        .isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);
    // One client's stale password does not lock out the others behind the same address (a NAT,
    // a notebook host, the Ingress): other users and tokens go on; health stays open.
    assertThat(shared.send("GET", READ, Map.of("Authorization", TestUser.BOB.basic()), null)
        .status()).isEqualTo(200);
    assertThat(shared.send("GET", READ, Map.of("Authorization", "Bearer lt_guess"), null)
        .status()).isEqualTo(401);
    assertThat(shared.send("GET", "/health").status()).isEqualTo(200);
    RawHttp other = new RawHttp(GatewayClient.port()).from("127.0.0.3");
    assertThat(other.send("GET", READ, Map.of("Authorization", TestUser.ALICE.basic()), null)
        .status()).isEqualTo(200);
  }

  @Test
  void behindATrustedProxyFailuresCountAgainstTheForwardedClient() {
    RawHttp ingress = new RawHttp(GatewayClient.port()).from(GatewayTestResource.TRUSTED_PROXY);
    Map<String, String> wrong = Map.of("Authorization", TestUser.basic("alice", "guess"),
        "X-Forwarded-For", "203.0.113.1");
    for (int i = 0; i < GatewayTestResource.MAX_FAILURES; i++) {
      assertThat(ingress.send("GET", READ, wrong, null).status()).isEqualTo(401);
    }
    assertThat(ingress.send("GET", READ, Map.of("Authorization", TestUser.ALICE.basic(),
        "X-Forwarded-For", "203.0.113.1"), null).status()).isEqualTo(429);
    // the same user from another client behind the same proxy
    assertThat(ingress.send("GET", READ, Map.of("Authorization", TestUser.ALICE.basic(),
        "X-Forwarded-For", "203.0.113.2"), null).status()).isEqualTo(200);
    // a client that is no trusted proxy cannot claim the locked address, nor escape by one
    RawHttp direct = new RawHttp(GatewayClient.port()).from("127.0.0.6");
    assertThat(direct.send("GET", READ, Map.of("Authorization", TestUser.ALICE.basic(),
        "X-Forwarded-For", "203.0.113.1"), null).status()).isEqualTo(200);
  }

  @Test
  void aStaleTokenLocksOutThatTokenOnly() {
    RawHttp workers = new RawHttp(GatewayClient.port()).from("127.0.0.7");
    Map<String, String> revoked = Map.of("Authorization", "Bearer lt_revoked-long-ago");
    for (int i = 0; i < GatewayTestResource.MAX_FAILURES; i++) {
      assertThat(workers.send("GET", READ, revoked, null).status()).isEqualTo(401);
    }
    assertThat(workers.send("GET", READ, revoked, null).status()).isEqualTo(429);
    // another token from the same address is still checked (and here unknown, so 401)
    assertThat(workers.send("GET", READ, Map.of("Authorization", "Bearer lt_another"), null)
        .status()).isEqualTo(401);
    assertThat(workers.send("GET", READ, Map.of("Authorization", TestUser.ALICE.basic()), null)
        .status()).isEqualTo(200);
  }

  @Test
  void anAddressTryingManyUsersIsLockedOutAsAWhole() {
    RawHttp sprayer = new RawHttp(GatewayClient.port()).from("127.0.0.5");
    for (int i = 0; i < GatewayTestResource.MAX_FAILURES_PER_ADDRESS; i++) {
      assertThat(sprayer.send("GET", READ,
          Map.of("Authorization", TestUser.basic("user" + i, "guess")), null).status())
          .isEqualTo(401);
    }
    assertThat(sprayer.send("GET", READ, Map.of("Authorization", TestUser.BOB.basic()), null)
        .status()).isEqualTo(429);
    assertThat(sprayer.send("GET", READ, Map.of("Authorization", "Bearer lt_guess"), null)
        .status()).isEqualTo(429);
  }

  @Test
  void requestsWithoutCredentialsAreNotFailedSignIns() {
    RawHttp browser = new RawHttp(GatewayClient.port()).from("127.0.0.4");
    for (int i = 0; i < GatewayTestResource.MAX_FAILURES * 3; i++) {
      assertThat(browser.send("GET", READ).status()).isEqualTo(401);
    }
    assertThat(browser.send("GET", READ, Map.of("Authorization", TestUser.ALICE.basic()), null)
        .status()).isEqualTo(200);
  }

  @Test
  void theUsersFileIsReadAgainWhenItChanges() throws Exception {
    var users = GatewayTestResource.services().users();
    String erin = TestUser.basic("erin", "erin-password-0001");
    assertThat(GatewayClient.get(READ, erin).statusCode()).isEqualTo(401);
    try {
      users.putUser("erin", "erin-password-0001".toCharArray(), Role.READER);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> GatewayClient.get(READ, erin).statusCode() == 200);
      users.setPassword("erin", "erin-password-0002".toCharArray());
      await().atMost(Duration.ofSeconds(5))
          .until(() -> GatewayClient.get(READ, erin).statusCode() == 401);
      assertThat(GatewayClient.get(READ, TestUser.basic("erin", "erin-password-0002"))
          .statusCode()).isEqualTo(200);
      users.setRole("erin", Role.EDITOR);
      await().atMost(Duration.ofSeconds(5)).until(() -> GatewayClient.send("POST", WRITE,
          TestUser.basic("erin", "erin-password-0002"), "{}").statusCode() == 200);
    } finally {
      users.removeUser("erin");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> GatewayClient.get(READ,
        TestUser.basic("erin", "erin-password-0002")).statusCode() == 401);
  }

  @Test
  void plainTextEntriesInTheUsersFileDoNotSignAnyoneIn() throws Exception {
    var users = GatewayTestResource.services().users();
    java.nio.file.Files.writeString(users.usersFile(), "frank=frank-plain-password\n",
        java.nio.file.StandardOpenOption.APPEND);
    users.setRole("frank", Role.ADMIN);
    try {
      Thread.sleep(600); // two reload intervals
      assertThat(GatewayClient.get(READ, TestUser.basic("frank", "frank-plain-password"))
          .statusCode()).isEqualTo(401);
    } finally {
      users.removeUser("frank");
    }
  }
}
