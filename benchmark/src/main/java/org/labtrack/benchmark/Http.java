package org.labtrack.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The loader's HTTP side: JSON calls in MLflow's wire format, each timed into the recorder under
 * an endpoint label. HTTP/1.1 with keep-alive, like the mlflow client's requests session.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Makes clients that share connection settings but record into a given phase. */
  interface Factory {
    Http create(Stats stats);
  }

  private final HttpClient client;
  private final String base;
  private final String authorization;
  private final Stats stats;

  Http(String baseUrl, String user, String password, Stats stats) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    this.base = baseUrl.replaceAll("/+$", "");
    this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + (password == null ? "" : password))
            .getBytes(StandardCharsets.UTF_8));
    this.stats = stats;
  }

  String base() {
    return base;
  }

  /** POSTs {@code body} to {@code /api/2.0/mlflow/<rpc>} and records it as {@code label}. */
  JsonNode post(String label, String rpc, Object body) {
    return send(label, request("/api/2.0/mlflow/" + rpc)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  JsonNode get(String label, String rpc, Map<String, ?> query) {
    String q = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(label, request("/api/2.0/mlflow/" + rpc + (q.isEmpty() ? "" : "?" + q)).GET());
  }

  /** A raw request to any path, body streamed from {@code body}; returns the status. */
  int put(String label, String path, long length, Supplier<InputStream> body) {
    HttpRequest req = request(path)
        .header("Content-Type", "application/octet-stream")
        .timeout(Duration.ofHours(2))
        .PUT(HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(body), length))
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(req, HttpResponse.BodyHandlers.ofString());
      stats.record(label, System.nanoTime() - start, response.statusCode() < 300);
      return response.statusCode();
    } catch (IOException e) {
      stats.record(label, System.nanoTime() - start, false);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A raw GET whose body is handed to {@code consumer} as a stream. */
  <T> T download(String label, String path, java.util.function.Function<InputStream, T> consumer) {
    HttpRequest req = request(path).timeout(Duration.ofHours(2)).GET().build();
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> response = client.send(req,
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        T result = consumer.apply(in);
        stats.record(label, System.nanoTime() - start, response.statusCode() == 200);
        return result;
      }
    } catch (IOException e) {
      stats.record(label, System.nanoTime() - start, false);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(2));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private JsonNode send(String label, HttpRequest.Builder builder) {
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response = client.send(builder.build(),
          HttpResponse.BodyHandlers.ofByteArray());
      long elapsed = System.nanoTime() - start;
      boolean ok = response.statusCode() == 200;
      stats.record(label, elapsed, ok);
      if (!ok) {
        throw new RequestFailed(label, response.statusCode(),
            new String(response.body(), StandardCharsets.UTF_8));
      }
      byte[] body = response.body();
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      stats.record(label, System.nanoTime() - start, false);
      throw new UncheckedIOException(label + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A non-200 answer; recorded as an error and rethrown so the caller can decide. */
  static final class RequestFailed extends RuntimeException {
    final int status;

    RequestFailed(String label, int status, String body) {
      super(label + " answered " + status + ": " + (body.length() > 300
          ? body.substring(0, 300) + "..." : body));
      this.status = status;
    }
  }
}
