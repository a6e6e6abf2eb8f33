package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.auth.LoginThrottle;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.StubTokenStore;
import org.labtrack.gateway.support.TestUser;

/**
 * {@code MLFLOW_TRACKING_TOKEN}: tokens issued, listed and revoked by admins through the gateway,
 * kept by tracking-service (here its stand-in, which follows the internal API's contract).
 */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class TokensTest {
  private static final String TOKENS = "/api/labtrack/v1/tokens";
  private static final String READ = "/api/2.0/mlflow/experiments/get?experiment_id=0";
  private static final String WRITE = "/api/2.0/mlflow/runs/create";

  @Inject
  LoginThrottle throttle;

  private GatewayTestResource.Services services;
  private StubTokenStore store;

  @BeforeEach
  @AfterEach
  void reset() {
    services = GatewayTestResource.services();
    store = services.tokens();
    store.clear();
    services.clear();
    throttle.clear();
  }

  @Test
  void anAdminIssuesATokenThatActsAsItsUser() {
    HttpResponse<String> issued = GatewayClient.send("POST", TOKENS, TestUser.CAROL.basic(),
        "{\"user\":\"bob\",\"description\":\"ci\",\"expires_at\":null}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    JsonObject body = new JsonObject(issued.body());
    String secret = body.getString("secret");
    assertThat(secret).startsWith("lt_");
    assertThat(body.getJsonObject("token").getString("user")).isEqualTo("bob");
    assertThat(body.getJsonObject("token").getString("description")).isEqualTo("ci");
    assertThat(store.actingUsers()).containsExactly("carol");

    HttpResponse<String> write = GatewayClient.send("POST", WRITE, "Bearer " + secret,
        "{\"experiment_id\":\"0\"}");
    assertThat(write.statusCode()).isEqualTo(200);
    assertThat(services.tracking().only().header("X-LabTrack-User")).isEqualTo("bob");
    assertThat(services.tracking().only().hasHeader("Authorization")).isFalse();
    HttpResponse<String> me = GatewayClient.get("/api/labtrack/v1/users/current",
        "Bearer " + secret);
    assertThat(new JsonObject(me.body()).getMap())
        .containsEntry("user", "bob").containsEntry("role", "editor").containsEntry("auth", "token");
  }

  @Test
  void checksAreCachedAndARevocationHereTakesEffectAtOnce() {
    String secret = GatewayClient.issueToken("bob");
    for (int i = 0; i < 5; i++) {
      assertThat(GatewayClient.get(READ, "Bearer " + secret).statusCode()).isEqualTo(200);
    }
    assertThat(store.verifyCalls()).isEqualTo(1);

    JsonArray listed = new JsonObject(GatewayClient.get(TOKENS + "?user=bob",
        TestUser.CAROL.basic()).body()).getJsonArray("tokens");
    assertThat(listed).hasSize(1);
    String id = listed.getJsonObject(0).getString("id");
    assertThat(listed.getJsonObject(0).containsKey("secret")).isFalse();
    assertThat(new JsonObject(GatewayClient.get(TOKENS + "?user=alice", TestUser.CAROL.basic())
        .body()).getJsonArray("tokens")).isEmpty();

    HttpResponse<String> revoked = GatewayClient.send("DELETE", TOKENS + "/" + id,
        TestUser.CAROL.basic(), null);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(revoked.body()).isEqualTo("{}");
    HttpResponse<String> after = GatewayClient.get(READ, "Bearer " + secret);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(GatewayClient.errorCode(after)).isEqualTo("UNAUTHENTICATED");
    assertThat(after.headers().allValues("WWW-Authenticate"))
        .contains("Basic realm=\"LabTrack\"")
        .anyMatch(v -> v.startsWith("Bearer realm=\"LabTrack\""));

    HttpResponse<String> again = GatewayClient.send("DELETE", TOKENS + "/" + id,
        TestUser.CAROL.basic(), null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(GatewayClient.errorCode(again)).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void onlyAdminsAdministerTokensAndOnlyForExistingUsers() {
    assertThat(GatewayClient.get(TOKENS, TestUser.BOB.basic()).statusCode()).isEqualTo(403);
    assertThat(GatewayClient.send("POST", TOKENS, TestUser.BOB.basic(), "{\"user\":\"bob\"}")
        .statusCode()).isEqualTo(403);
    assertThat(GatewayClient.send("POST", "/ajax-api/labtrack/v1/tokens", TestUser.ALICE.basic(),
        "{\"user\":\"alice\"}").statusCode()).isEqualTo(403);
    String bobsToken = GatewayClient.issueToken("bob");
    assertThat(GatewayClient.get(TOKENS, "Bearer " + bobsToken).statusCode()).isEqualTo(403);
    String carolsToken = GatewayClient.issueToken("carol");
    assertThat(GatewayClient.get(TOKENS, "Bearer " + carolsToken).statusCode()).isEqualTo(200);

    HttpResponse<String> unknown = GatewayClient.send("POST", TOKENS, TestUser.CAROL.basic(),
        "{\"user\":\"mallory\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(GatewayClient.errorCode(unknown)).isEqualTo("INVALID_PARAMETER_VALUE");
    HttpResponse<String> missing = GatewayClient.send("POST", TOKENS, TestUser.CAROL.basic(),
        "{\"description\":\"no user\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(GatewayClient.errorCode(missing)).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void aTokenHasItsUsersCurrentRoleAndDiesWithTheUser() throws Exception {
    var users = services.users();
    String alices = "Bearer " + GatewayClient.issueToken("alice");
    assertThat(GatewayClient.send("POST", WRITE, alices, "{}").statusCode()).isEqualTo(403);
    try {
      users.setRole("alice", Role.EDITOR);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> GatewayClient.send("POST", WRITE, alices, "{}").statusCode() == 200);
    } finally {
      users.setRole("alice", Role.READER);
    }
    await().atMost(Duration.ofSeconds(5))
        .until(() -> GatewayClient.send("POST", WRITE, alices, "{}").statusCode() == 403);

    users.putUser("erin", "erin-password-0001".toCharArray(), Role.EDITOR);
    await().atMost(Duration.ofSeconds(5)).until(() -> GatewayClient.get(READ,
        TestUser.basic("erin", "erin-password-0001")).statusCode() == 200);
    String erins = "Bearer " + GatewayClient.issueToken("erin");
    assertThat(GatewayClient.get(READ, erins).statusCode()).isEqualTo(200);
    users.removeUser("erin");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> GatewayClient.get(READ, erins).statusCode() == 401);
  }

  @Test
  void tokensThatCannotBeCheckedAre503NotRefusals() {
    String secret = GatewayClient.issueToken("bob");
    store.failing(true);
    HttpResponse<String> response = GatewayClient.get(READ, "Bearer " + secret);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(GatewayClient.errorCode(response)).isEqualTo("TEMPORARILY_UNAVAILABLE");
    store.failing(false);
    assertThat(GatewayClient.get(READ, "Bearer " + secret).statusCode()).isEqualTo(200);

    services.tracking().stop();
    try {
      HttpResponse<String> list = GatewayClient.get(TOKENS, TestUser.CAROL.basic());
      assertThat(list.statusCode()).isEqualTo(503);
      assertThat(GatewayClient.errorCode(list)).isEqualTo("TEMPORARILY_UNAVAILABLE");
      // A checked token keeps working from the cache while tracking-service is away.
      assertThat(GatewayClient.get("/api/labtrack/v1/users/current", "Bearer " + secret)
          .statusCode()).isEqualTo(200);
    } finally {
      services.tracking().start();
    }
  }

  @Test
  void strangersAreRefusedWithoutBotheringTheStore() {
    int before = store.verifyCalls();
    assertThat(GatewayClient.get(READ, "Bearer not-a-labtrack-token").statusCode())
        .isEqualTo(401);
    assertThat(GatewayClient.get(READ, "Bearer ").statusCode()).isEqualTo(401);
    assertThat(store.verifyCalls()).isEqualTo(before);
    assertThat(GatewayClient.get(READ, "Bearer lt_0000").statusCode()).isEqualTo(401);
    assertThat(store.verifyCalls()).isEqualTo(before + 1);
  }
}
