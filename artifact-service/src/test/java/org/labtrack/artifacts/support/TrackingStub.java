package org.labtrack.artifacts.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Stands in for the tracking-service calls artifact-service makes: {@code runs/get} answers the
 * runs in {@link #RUNS}, {@code logged-models/{id}} the models in {@link #MODELS} and
 * {@code model-versions/get-download-uri} the versions in {@link #VERSIONS}, each with its
 * artifact URI; anything else gets MLflow's 404. A purge answers {@link #purgeAnswer} and keeps
 * the body it was sent; its pending roots are {@link #PENDING}, which reports of removal empty.
 */
public class TrackingStub implements QuarkusTestResourceLifecycleManager {
  public static final Map<String, String> RUNS = new ConcurrentHashMap<>();
  public static final Map<String, String> MODELS = new ConcurrentHashMap<>();
  /** Keyed by {@code name + "/" + version}. */
  public static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();
  public static volatile String lastInternalToken;
  /** Pending artifact roots by id: {@code uri} and {@code owner}. */
  public static final ConcurrentSkipListMap<Long, Map<String, String>> PENDING =
      new ConcurrentSkipListMap<>();
  /** What {@code /internal/v1/purge} answers: status, then body. */
  public static volatile Map.Entry<Integer, String> purgeAnswer = Map.entry(200, "{}");
  public static volatile String lastPurgeBody;
  private static final String API = "/api/2.0/mlflow/";
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(API + "runs/get", exchange -> {
      String runId = query(exchange).get("run_id");
      String uri = runId == null ? null : RUNS.get(runId);
      answer(exchange, uri, "{\"run\":{\"info\":{\"run_id\":\"" + runId + "\",\"artifact_uri\":\"" + uri
          + "\",\"lifecycle_stage\":\"active\"},\"data\":{}}}", "Run with id=" + runId + " not found");
    });
    server.createContext(API + "logged-models/", exchange -> {
      String modelId = exchange.getRequestURI().getPath().substring((API + "logged-models/").length());
      String uri = MODELS.get(modelId);
      answer(exchange, uri, "{\"model\":{\"info\":{\"model_id\":\"" + modelId + "\",\"artifact_uri\":\""
          + uri + "\",\"status\":\"LOGGED_MODEL_READY\"},\"data\":{}}}",
          "Logged model with ID '" + modelId + "' not found.");
    });
    server.createContext(API + "model-versions/get-download-uri", exchange -> {
      Map<String, String> query = query(exchange);
      String key = query.get("name") + "/" + query.get("version");
      String uri = VERSIONS.get(key);
      answer(exchange, uri, "{\"artifact_uri\":\"" + uri + "\"}",
          "Model Version (name=" + query.get("name") + ", version=" + query.get("version") + ") not found");
    });
    server.createContext("/internal/v1/purge", TrackingStub::purge);
    server.start();
    return Map.of("artifacts.tracking-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void purge(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (path.endsWith("/artifacts/removed")) {
      for (String id : body.replaceAll("[^0-9,]", "").split(",")) {
        if (!id.isEmpty()) {
          PENDING.remove(Long.parseLong(id));
        }
      }
      send(exchange, 200, "{}");
    } else if (path.endsWith("/artifacts")) {
      long after = Long.parseLong(query(exchange).getOrDefault("after", "0"));
      StringBuilder page = new StringBuilder("{\"artifacts\":[");
      PENDING.tailMap(after, false)
          .forEach((id, root) -> page.append(page.charAt(page.length() - 1) == '[' ? "" : ",")
              .append("{\"id\":").append(id).append(",\"uri\":\"").append(root.get("uri"))
              .append("\",\"owner\":\"").append(root.get("owner")).append("\"}"));
      send(exchange, 200, page.append("]}").toString());
    } else {
      lastPurgeBody = body;
      send(exchange, purgeAnswer.getKey(), purgeAnswer.getValue());
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new HashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2) {
        params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void answer(HttpExchange exchange, String uri, String found, String notFound)
      throws IOException {
    lastInternalToken = exchange.getRequestHeaders().getFirst("X-LabTrack-Internal-Token");
    String body = uri != null ? found
        : "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"" + notFound + "\"}";
    send(exchange, uri != null ? 200 : 404, body);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
