package org.labtrack.gateway.support;

import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Well-formed HTTP/1.1 requests to the gateway under test, as MLflow's client sends them. */
public final class GatewayClient {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private GatewayClient() {
  }

  /** The gateway's public port: {@code -Dlabtrack.test.gateway-port}, else Quarkus' test port. */
  public static int port() {
    return Integer.getInteger("labtrack.test.gateway-port", RestAssured.port);
  }

  public static URI uri(String pathAndQuery) {
    return URI.create("http://localhost:" + port() + pathAndQuery);
  }

  /**
   * Sends {@code method} to {@code pathAndQuery}; a JSON {@code body} goes with
   * {@code Content-Type: application/json} (also on DELETE, as MLflow's client does).
   */
  public static HttpResponse<String> send(String method, String pathAndQuery,
      String authorization, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(String pathAndQuery, String authorization) {
    return send("GET", pathAndQuery, authorization, null);
  }

  /** {@code {"error_code"}} of an error answer. */
  public static String errorCode(HttpResponse<String> response) {
    return new JsonObject(response.body()).getString("error_code");
  }

  /** Issues a token for {@code user} through the admin endpoint, as carol; its secret. */
  public static String issueToken(String user) {
    HttpResponse<String> response = send("POST", "/api/labtrack/v1/tokens",
        TestUser.CAROL.basic(), new JsonObject().put("user", user).put("description", "test")
            .encode());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Issuing a token failed: " + response.statusCode() + " "
          + response.body());
    }
    return new JsonObject(response.body()).getString("secret");
  }
}
