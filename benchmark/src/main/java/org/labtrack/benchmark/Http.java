package org.labtrack.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The loader's HTTP side: JSON calls in MLflow's wire format, each timed into the recorder under
 * an endpoint label. HTTP/1.1 with keep-alive, like the mlflow client's requests session.
 *
 * <p>Blocking {@link HttpURLConnection} on the virtual user's own thread: the JDK's
 * {@code HttpClient} hands every exchange between its selector and executor threads, and on the
 * two cores the loader shares with the servers it cost twice the CPU per request (1.2 against
 * 0.6 ms in the retrieval phase), taken from the servers being measured.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONNECT_TIMEOUT = (int) Duration.ofSeconds(10).toMillis();
  private static final int CALL_TIMEOUT = (int) Duration.ofMinutes(2).toMillis();
  private static final int TRANSFER_TIMEOUT = (int) Duration.ofHours(2).toMillis();
  /** Large writes: the connection's stream sends each one straight to the socket. */
  private static final int TRANSFER_BUFFER = 1 << 20;

  static {
    // The JDK keeps 5 idle connections per host by default; every virtual user needs its own.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "256");
    }
  }

  /** Makes clients that share connection settings but record into a given phase. */
  interface Factory {
    Http create(Stats stats);
  }

  private final String base;
  private final String authorization;
  private final Stats stats;

  Http(String baseUrl, String user, String password, Stats stats) {
    this.base = baseUrl.replaceAll("/+$", "");
    this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + (password == null ? "" : password))
            .getBytes(StandardCharsets.UTF_8));
    this.stats = stats;
  }

  String base() {
    return base;
  }

  /** POSTs {@code body} to {@code /api/2.0/mlflow/<rpc>} as {@code label}; parses the answer. */
  JsonNode post(String label, String rpc, Object body) {
    return parse(call(label, "POST", rpc(rpc, Map.of()), write(body)));
  }

  /**
   * As {@link #post} for a caller that does not use the answer: it is received whole but not
   * parsed, as a k6 script leaves it, so the loader's JSON parsing of large answers does not take
   * CPU from the servers it shares the machine with.
   */
  void postUnparsed(String label, String rpc, Object body) {
    call(label, "POST", rpc(rpc, Map.of()), write(body));
  }

  JsonNode get(String label, String rpc, Map<String, ?> query) {
    return parse(call(label, "GET", rpc(rpc, query), null));
  }

  /** As {@link #get} for a caller that does not use the answer (see {@link #postUnparsed}). */
  void getUnparsed(String label, String rpc, Map<String, ?> query) {
    call(label, "GET", rpc(rpc, query), null);
  }

  private static String rpc(String rpc, Map<String, ?> query) {
    String q = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return "/api/2.0/mlflow/" + rpc + (q.isEmpty() ? "" : "?" + q);
  }

  /** A raw request to any path, body streamed from {@code body}; returns the status. */
  int put(String label, String path, long length, Supplier<InputStream> body) {
    long start = System.nanoTime();
    try {
      HttpURLConnection c = open("PUT", path, TRANSFER_TIMEOUT);
      c.setRequestProperty("Content-Type", "application/octet-stream");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(length);
      try (InputStream in = body.get(); OutputStream out = c.getOutputStream()) {
        byte[] buffer = new byte[TRANSFER_BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
        }
      }
      int status = c.getResponseCode();
      drain(c, status);
      stats.record(label, System.nanoTime() - start, status < 300);
      return status;
    } catch (IOException e) {
      stats.record(label, System.nanoTime() - start, false);
      throw new UncheckedIOException(e);
    }
  }

  /** A raw GET whose body is handed to {@code consumer} as a stream. */
  <T> T download(String label, String path, Function<InputStream, T> consumer) {
    long start = System.nanoTime();
    try {
      HttpURLConnection c = open("GET", path, TRANSFER_TIMEOUT);
      int status = c.getResponseCode();
      if (status != 200) {
        drain(c, status);
        stats.record(label, System.nanoTime() - start, false);
        throw new IllegalStateException(label + " answered " + status);
      }
      try (InputStream in = c.getInputStream()) {
        T result = consumer.apply(in);
        stats.record(label, System.nanoTime() - start, true);
        return result;
      }
    } catch (IOException e) {
      stats.record(label, System.nanoTime() - start, false);
      throw new UncheckedIOException(e);
    }
  }

  /** Sends, records, and returns the body of a 200 answer; any other status is a failure. */
  private byte[] call(String label, String method, String path, byte[] json) {
    long start = System.nanoTime();
    try {
      HttpURLConnection c = open(method, path, CALL_TIMEOUT);
      if (json != null) {
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(json.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(json);
        }
      }
      int status = c.getResponseCode();
      byte[] body = drain(c, status);
      boolean ok = status == 200;
      stats.record(label, System.nanoTime() - start, ok);
      if (!ok) {
        throw new RequestFailed(label, status, new String(body, StandardCharsets.UTF_8));
      }
      return body;
    } catch (IOException e) {
      stats.record(label, System.nanoTime() - start, false);
      throw new UncheckedIOException(label + ": " + e.getMessage(), e);
    }
  }

  private HttpURLConnection open(String method, String path, int readTimeout) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(CONNECT_TIMEOUT);
    c.setReadTimeout(readTimeout);
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  /** Reads the whole answer, which hands the connection back for keep-alive. */
  private static byte[] drain(HttpURLConnection c, int status) throws IOException {
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return in == null ? new byte[0] : in.readAllBytes();
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
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
