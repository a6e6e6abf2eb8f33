package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.auth.LoginThrottle;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.auth.Sessions;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.TestUser;

/** The web UI's sign-in: a signed cookie, its CSRF rule, its end on sign-out or new password. */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class SessionTest {
  private static final String SESSION = "/ajax-api/labtrack/v1/session";
  private static final String READ = "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0";
  private static final String WRITE = "/ajax-api/2.0/mlflow/runs/delete";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @Inject
  LoginThrottle throttle;

  @BeforeEach
  @AfterEach
  void reset() {
    throttle.clear();
    GatewayTestResource.services().clear();
  }

  private static HttpResponse<String> send(String method, String path, String body,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(GatewayClient.uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> signIn(String user, String password) {
    return send("POST", SESSION, new JsonObject().put("username", user)
        .put("password", password).encode(), Map.of(Sessions.UI_HEADER, "1"));
  }

  /** The cookie's {@code name=value}, from a sign-in answer. */
  private static String cookie(HttpResponse<String> signedIn) {
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static Map<String, String> with(String cookie, boolean ui) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cookie", cookie);
    if (ui) {
      headers.put(Sessions.UI_HEADER, "1");
    }
    return headers;
  }

  @Test
  void signInSetsAStrictHttpOnlyCookieThatActsAsTheUser() {
    HttpResponse<String> signedIn = signIn("bob", TestUser.BOB.password());
    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(signedIn.body()).getMap())
        .containsEntry("user", "bob").containsEntry("role", "editor");
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith(Sessions.COOKIE + "=").contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict").contains("Path=/").contains("Max-Age=43200");
    String cookie = cookie(signedIn);

    HttpResponse<String> me = send("GET", "/ajax-api/labtrack/v1/users/current", null,
        with(cookie, true));
    assertThat(new JsonObject(me.body()).getMap()).containsEntry("user", "bob")
        .containsEntry("role", "editor").containsEntry("auth", "session");
    assertThat(send("GET", READ, null, with(cookie, false)).statusCode()).isEqualTo(200);
    assertThat(send("POST", WRITE, "{}", with(cookie, true)).statusCode()).isEqualTo(200);
    // The services are told who it is, as for Basic.
    assertThat(GatewayTestResource.services().tracking().received())
        .allSatisfy(r -> assertThat(r.header("X-LabTrack-User")).isEqualTo("bob"));
  }

  @Test
  void aCookieAloneMayReadButNotWrite() {
    String cookie = cookie(signIn("bob", TestUser.BOB.password()));
    // What a cross-site form could send: the cookie without the UI's header.
    HttpResponse<String> forged = send("POST", WRITE, "{}", with(cookie, false));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(GatewayClient.errorCode(forged)).isEqualTo("UNAUTHENTICATED");
    assertThat(GatewayTestResource.services().tracking().received()).isEmpty();
  }

  @Test
  void aReadersSessionStillCannotWrite() {
    String cookie = cookie(signIn("alice", TestUser.ALICE.password()));
    HttpResponse<String> write = send("POST", WRITE, "{}", with(cookie, true));
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(GatewayClient.errorCode(write)).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void wrongPasswordsAreRefusedInMlflowJsonAndThrottled() {
    HttpResponse<String> wrong = signIn("bob", "not-bobs-password");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(GatewayClient.errorCode(wrong)).isEqualTo("UNAUTHENTICATED");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    // No Basic challenge for the UI: it would open the browser's own password dialog.
    assertThat(wrong.headers().allValues("WWW-Authenticate")).isEmpty();
    assertThat(send("GET", READ, null, Map.of(Sessions.UI_HEADER, "1"))
        .headers().allValues("WWW-Authenticate")).isEmpty();

    HttpResponse<String> malformed = send("POST", SESSION, "{\"username\": \"bob\"}",
        Map.of(Sessions.UI_HEADER, "1"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(GatewayClient.errorCode(malformed)).isEqualTo("INVALID_PARAMETER_VALUE");

    HttpResponse<String> last = wrong;
    for (int i = 0; i < 20 && last.statusCode() != 429; i++) {
      last = signIn("bob", "still-wrong-" + i);
    }
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(GatewayClient.errorCode(last)).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    long wait = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
    assertThat(wait).isPositive();
    assertThat(last.body()).contains("try again in " + wait + " s");
    // Locked out even with the right password, until the lockout ends.
    assertThat(signIn("bob", TestUser.BOB.password()).statusCode()).isEqualTo(429);
  }

  @Test
  void tamperedOrForeignCookiesAreNobody() {
    String cookie = cookie(signIn("alice", TestUser.ALICE.password()));
    String value = cookie.substring(cookie.indexOf('=') + 1);
    String asCarol = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("carol".getBytes()) + value.substring(value.indexOf('.'));
    String longer = value.substring(0, value.indexOf('.') + 1) + "99999999999"
        + value.substring(value.lastIndexOf('.'));
    for (String forged : new String[] {asCarol, longer, value + "x", "garbage", ""}) {
      HttpResponse<String> response = send("GET", READ, null,
          with(Sessions.COOKIE + "=" + forged, true));
      assertThat(response.statusCode()).as(forged).isEqualTo(401);
    }
  }

  @Test
  void signOutClearsTheCookieAndANewPasswordEndsEverySession() throws Exception {
    String cookie = cookie(signIn("bob", TestUser.BOB.password()));
    HttpResponse<String> out = send("DELETE", SESSION, null, with(cookie, true));
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");

    var users = GatewayTestResource.services().users();
    try {
      users.putUser("erin", "erin-password-0001".toCharArray(), Role.READER);
      await().atMost(Duration.ofSeconds(5)).until(() ->
          signIn("erin", "erin-password-0001").statusCode() == 200);
      String erin = cookie(signIn("erin", "erin-password-0001"));
      assertThat(send("GET", READ, null, with(erin, true)).statusCode()).isEqualTo(200);
      users.setPassword("erin", "erin-password-0002".toCharArray());
      await().atMost(Duration.ofSeconds(5)).until(() ->
          send("GET", READ, null, with(erin, true)).statusCode() == 401);
    } finally {
      users.removeUser("erin");
    }
  }

  @Test
  void theUiShellIsPublicAndItsDataIsNot() {
    HttpResponse<String> shell = send("GET", "/", null, Map.of());
    assertThat(shell.statusCode()).isEqualTo(200);
    assertThat(shell.body()).contains("/static/js/main.js");
    HttpResponse<String> script = send("GET", "/static/js/main.js", null, Map.of());
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(send("GET", "/static/vendor/uplot/uPlot.esm.js", null, Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/ajax-api/labtrack/v1/users/current", null, Map.of()).statusCode())
        .isEqualTo(401);
  }
}
