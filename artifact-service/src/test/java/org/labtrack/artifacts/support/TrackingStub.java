package org.labtrack.artifacts.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for tracking-service's {@code GET /api/2.0/mlflow/runs/get}: runs registered in
 * {@link #RUNS} answer with their artifact URI, others with MLflow's 404.
 */
public class TrackingStub implements QuarkusTestResourceLifecycleManager {
  public static final Map<String, String> RUNS = new ConcurrentHashMap<>();
  public static volatile String lastInternalToken;
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/api/2.0/mlflow/runs/get", exchange -> {
      lastInternalToken = exchange.getRequestHeaders().getFirst("X-LabTrack-Internal-Token");
      String query = exchange.getRequestURI().getRawQuery();
      String runId = null;
      for (String pair : query == null ? new String[0] : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals("run_id") && kv.length == 2) {
          runId = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
        }
      }
      String uri = runId == null ? null : RUNS.get(runId);
      String body = uri != null
          ? "{\"run\":{\"info\":{\"run_id\":\"" + runId + "\",\"artifact_uri\":\"" + uri
              + "\",\"lifecycle_stage\":\"active\"},\"data\":{}}}"
          : "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Run with id=" + runId + " not found\"}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(uri != null ? 200 : 404, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return Map.of("artifacts.tracking-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
