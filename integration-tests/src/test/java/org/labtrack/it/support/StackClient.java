package org.labtrack.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 requests to one base URL (normally the gateway) as one caller: anonymous, HTTP Basic
 * or Bearer. Paths are sent as given (already percent-encoded where needed). Immutable; the
 * {@code with...} methods return a new client.
 *
 * <pre>{@code
 * StackClient bob = stack.client(TestUser.BOB);
 * String id = bob.post("/api/2.0/mlflow/experiments/create", Map.of("name", "x")).ok().json()
 *     .get("experiment_id").asText();
 * }</pre>
 */
public final class StackClient {
  /** One shared connection pool; HTTP/1.1 only, as MLflow's clients speak it (no h2c upgrade). */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();
  static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String authorization;
  private final Duration timeout;

  StackClient(String baseUrl, String authorization, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.authorization = authorization;
    this.timeout = timeout;
  }

  /** An anonymous client of {@code baseUrl} (e.g. a LabTrack started some other way). */
  public static StackClient of(String baseUrl) {
    return new StackClient(baseUrl, null, Duration.ofSeconds(60));
  }

  /** The same caller against another base URL (e.g. a service's own port). */
  public StackClient withBaseUrl(String otherBaseUrl) {
    return new StackClient(otherBaseUrl, authorization, timeout);
  }

  /** The same base URL with this {@code Authorization} value (null: none). */
  public StackClient withAuthorization(String value) {
    return new StackClient(baseUrl, value, timeout);
  }

  /** Requests give up after {@code value} (default 60 s). */
  public StackClient withTimeout(Duration value) {
    return new StackClient(baseUrl, authorization, value);
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The {@code Authorization} value sent, or null. */
  public String authorization() {
    return authorization;
  }

  public Reply get(String pathAndQuery) {
    return send("GET", pathAndQuery, null, null, Map.of());
  }

  /** POST with {@code body} as JSON: a String is sent as is, anything else is serialised. */
  public Reply post(String pathAndQuery, Object body) {
    return sendJson("POST", pathAndQuery, body);
  }

  public Reply patch(String pathAndQuery, Object body) {
    return sendJson("PATCH", pathAndQuery, body);
  }

  /** DELETE with a JSON body, as MLflow's client sends it; {@code body} may be null. */
  public Reply delete(String pathAndQuery, Object body) {
    return body == null ? send("DELETE", pathAndQuery, null, null, Map.of())
        : sendJson("DELETE", pathAndQuery, body);
  }

  /** PUT of raw bytes, as the artifact client uploads a file. */
  public Reply put(String pathAndQuery, byte[] body, String contentType) {
    return send("PUT", pathAndQuery, HttpRequest.BodyPublishers.ofByteArray(body), contentType,
        Map.of());
  }

  /** Any request. {@code body} may be null; {@code headers} are added as given. */
  public Reply send(String method, String pathAndQuery, HttpRequest.BodyPublisher body,
      String contentType, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(method, pathAndQuery, response.statusCode(), response.headers().map(),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + baseUrl + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A streamed GET, for large downloads; the caller closes the body. */
  public HttpResponse<InputStream> stream(String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(timeout).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + baseUrl + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Reply sendJson(String method, String pathAndQuery, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    return send(method, pathAndQuery, HttpRequest.BodyPublishers.ofString(text),
        "application/json", Map.of());
  }

  /** An answer: status, headers (names lower-cased), body. */
  public record Reply(String method, String target, int status, Map<String, List<String>> headers,
      byte[] body) {

    public Reply {
      Map<String, List<String>> lower = new LinkedHashMap<>();
      headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      headers = Map.copyOf(lower);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON (fails the test when it is not). */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(this + " is not JSON: " + text(), e);
      }
    }

    /** {@code error_code} of an MLflow error body, or null. */
    public String errorCode() {
      try {
        JsonNode node = JSON.readTree(body);
        return node != null && node.hasNonNull("error_code") ? node.get("error_code").asText() : null;
      } catch (IOException e) {
        return null;
      }
    }

    public String header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
          .filter(v -> !v.isEmpty()).map(v -> v.get(0)).orElse(null);
    }

    /** This reply when it is a 200, else an AssertionError that shows what came back. */
    public Reply ok() {
      if (status != 200) {
        throw new AssertionError("Expected 200 from " + this + ", body: " + text());
      }
      return this;
    }

    @Override
    public String toString() {
      return method + " " + target + " -> " + status;
    }
  }
}
