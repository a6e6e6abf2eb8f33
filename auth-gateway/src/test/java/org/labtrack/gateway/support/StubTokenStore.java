package org.labtrack.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * tracking-service's internal token API as the gateway's contract describes it, in memory:
 * {@code POST /internal/v1/tokens}, {@code GET /internal/v1/tokens[?user=]},
 * {@code DELETE /internal/v1/tokens/{id}}, {@code POST /internal/v1/tokens/verify}. Like the
 * real service it refuses callers without the internal secret.
 */
public class StubTokenStore implements HttpHandler {
  public static final String PATH = "/internal/v1/tokens";

  private final String secret;
  private final Map<String, JsonObject> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger verifyCalls = new AtomicInteger();
  private final List<String> actingUsers = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  public StubTokenStore(String secret) {
    this.secret = secret;
  }

  /** How often the gateway asked to verify a token. */
  public int verifyCalls() {
    return verifyCalls.get();
  }

  /** The X-LabTrack-User of every call but verify, in order. */
  public List<String> actingUsers() {
    return List.copyOf(actingUsers);
  }

  /** While true, every call answers 500, like a store in trouble. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  public void clear() {
    tokens.clear();
    secrets.clear();
    verifyCalls.set(0);
    actingUsers.clear();
    failing = false;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!secret.equals(exchange.getRequestHeaders().getFirst("X-LabTrack-Internal-Token"))) {
        error(exchange, 403, "PERMISSION_DENIED", "gateway only");
        return;
      }
      if (failing) {
        error(exchange, 500, "INTERNAL_ERROR", "stub store failing");
        return;
      }
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (method.equals("POST") && path.equals(PATH + "/verify")) {
        verifyCalls.incrementAndGet();
        verify(exchange, new JsonObject(body).getString("token"));
        return;
      }
      actingUsers.add(exchange.getRequestHeaders().getFirst("X-LabTrack-User"));
      if (method.equals("POST") && path.equals(PATH)) {
        issue(exchange, new JsonObject(body));
      } else if (method.equals("GET") && path.equals(PATH)) {
        String user = StubService.params(exchange.getRequestURI().getRawQuery()).get("user");
        JsonArray list = new JsonArray();
        tokens.values().stream()
            .filter(t -> user == null || user.equals(t.getString("user")))
            .sorted((a, b) -> Long.compare(a.getLong("created_at"), b.getLong("created_at")))
            .forEach(list::add);
        StubService.respond(exchange, 200, "application/json",
            new JsonObject().put("tokens", list).encode());
      } else if (method.equals("DELETE") && path.startsWith(PATH + "/")) {
        String id = path.substring(PATH.length() + 1);
        if (tokens.remove(id) == null) {
          error(exchange, 404, "RESOURCE_DOES_NOT_EXIST", "No access token with id '" + id + "'.");
          return;
        }
        secrets.values().remove(id);
        StubService.respond(exchange, 200, "application/json", "{}");
      } else {
        error(exchange, 404, "ENDPOINT_NOT_FOUND", "no such internal endpoint");
      }
    }
  }

  private void issue(HttpExchange exchange, JsonObject request) throws IOException {
    String user = request.getString("user");
    if (user == null || user.isBlank()) {
      error(exchange, 400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter "
          + "'user'.");
      return;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = "lt_" + HexFormat.of().formatHex(random);
    String id = UUID.randomUUID().toString().replace("-", "");
    JsonObject info = new JsonObject()
        .put("id", id)
        .put("user", user)
        .put("description", request.getString("description"))
        .put("created_at", System.currentTimeMillis())
        .put("expires_at", request.getLong("expires_at"));
    tokens.put(id, info);
    secrets.put(token, id);
    StubService.respond(exchange, 200, "application/json",
        new JsonObject().put("token", info).put("secret", token).encode());
  }

  private void verify(HttpExchange exchange, String token) throws IOException {
    String id = token == null ? null : secrets.get(token);
    JsonObject info = id == null ? null : tokens.get(id);
    Long expires = info == null ? null : info.getLong("expires_at");
    if (info == null || (expires != null && expires <= System.currentTimeMillis())) {
      error(exchange, 401, "UNAUTHENTICATED", "The access token is unknown, revoked or expired.");
      return;
    }
    StubService.respond(exchange, 200, "application/json", new JsonObject()
        .put("user", info.getString("user")).put("token_id", id).encode());
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    StubService.respond(exchange, status, "application/json",
        new JsonObject().put("error_code", code).put("message", message).encode());
  }
}
