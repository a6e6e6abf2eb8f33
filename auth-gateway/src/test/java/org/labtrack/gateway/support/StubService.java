package org.labtrack.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a service behind the gateway, in the test JVM: a plain JDK HTTP server that
 * records exactly what arrived (raw path and query, headers, body size and checksum, never the
 * whole body) and answers {@code 200} with a small JSON echo.
 *
 * <p>Query parameters steer it: {@code stub.download=N} answers N bytes of {@link Payload};
 * {@code stub.status=S} answers status S with an error body and extra headers;
 * {@code stub.hang=MS} waits before answering; {@code stub.drop-once=K} closes the connection
 * without an answer the first time it sees K; {@code stub.break-after=M} with a download
 * announces N bytes and closes the connection after the first M. {@code GET /health} answers
 * {@code OK} and is not recorded.
 */
public class StubService {
  static {
    // Without it the JDK server's separate header and body writes wait for delayed ACKs (~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // Like the Vert.x services, read out the rest of a body answered early instead of closing
    // the connection on it (the JDK server's default beyond 64 KB).
    System.setProperty("sun.net.httpserver.drainAmount", Long.toString(64L << 20));
  }

  /** What one request looked like when it reached the stub. */
  public record Received(String method, String rawPath, String rawQuery,
      Map<String, List<String>> headers, long bodyLength, String bodySha256, String bodyText) {

    /** Path and query as sent on the request line. */
    public String target() {
      return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean hasHeader(String name) {
      return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String name;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<String> dropped = ConcurrentHashMap.newKeySet();
  private final AtomicInteger brokenDownloads = new AtomicInteger();
  private final Map<String, HttpHandler> extraContexts = new LinkedHashMap<>();
  private HttpServer server;
  private ExecutorService executor;
  private int port;

  public StubService(String name) {
    this.name = name;
  }

  /** Serves {@code handler} under {@code path} as well (before {@link #start()}). */
  public StubService with(String path, HttpHandler handler) {
    extraContexts.put(path, handler);
    return this;
  }

  public synchronized StubService start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start stub " + name, e);
    }
    port = server.getAddress().getPort();
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "stub-" + name);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    extraContexts.forEach(server::createContext);
    server.start();
    return this;
  }

  /** Stops listening; {@link #start()} brings it back on the same port. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String name() {
    return name;
  }

  /** Every recorded request since the last {@link #clear()}. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  public void clear() {
    received.clear();
    dropped.clear();
    brokenDownloads.set(0);
  }

  /** Downloads whose reader went away before the last byte. */
  public int brokenDownloads() {
    return brokenDownloads.get();
  }

  /** The one request that arrived; fails if there were none or several. */
  public Received only() {
    List<Received> all = received();
    if (all.size() != 1) {
      throw new AssertionError(name + " received " + all.size() + " requests, expected 1: "
          + all.stream().map(r -> r.method() + " " + r.target()).toList());
    }
    return all.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      if (path.equals("/health") && exchange.getRequestMethod().equals("GET")) {
        respond(exchange, 200, "text/plain", "OK");
        return;
      }
      if (query != null && query.contains("stub.early=")) {
        // A refusal sent before the body is read, as a service does for a bad upload.
        respond(exchange, 400, "application/json",
            "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"stub refuses early\"}");
        return;
      }
      if (query != null && query.contains("stub.bare=")) {
        // As Quarkus' HTTP layer refuses a body over the service's limit (413) or a request
        // while it stops (503): the status alone, before the body is read.
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(Integer.parseInt(params(query).get("stub.bare")), -1);
        return;
      }
      Received request = record(exchange, path, query);
      Map<String, String> params = params(query);
      if (params.containsKey("stub.hang")) {
        sleep(Duration.ofMillis(Long.parseLong(params.get("stub.hang"))));
      }
      if (params.containsKey("stub.drop-once") && dropped.add(params.get("stub.drop-once"))) {
        return; // closing an exchange that sent no headers closes its connection
      }
      if (params.containsKey("stub.download")) {
        long size = Long.parseLong(params.get("stub.download"));
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("ETag", "\"payload-" + size + "\"");
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        long sent = Long.parseLong(params.getOrDefault("stub.break-after", Long.toString(size)));
        try (InputStream in = Payload.stream(sent); OutputStream out = exchange.getResponseBody()) {
          in.transferTo(out);
        } catch (IOException e) {
          if (sent < size) {
            // Closing a short body does not close the connection (the JDK server leaves it
            // open, so the gateway would wait for the rest); a handler's exception does.
            throw new IOException("the stub breaks off after " + sent + " bytes", e);
          }
          brokenDownloads.incrementAndGet();
        }
        return;
      }
      if (params.containsKey("stub.status")) {
        int status = Integer.parseInt(params.get("stub.status"));
        exchange.getResponseHeaders().add("X-Stub-Header", "kept");
        exchange.getResponseHeaders().add("Set-Cookie", "a=1");
        exchange.getResponseHeaders().add("Set-Cookie", "b=2");
        respond(exchange, status, "application/json",
            "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"stub says " + status
                + "\"}");
        return;
      }
      respond(exchange, 200, "application/json", "{\"service\":\"" + name + "\",\"method\":\""
          + request.method() + "\",\"bytes\":" + request.bodyLength() + "}");
    }
  }

  private Received record(HttpExchange exchange, String path, String query) throws IOException {
    MessageDigest digest = Payload.newDigest();
    long length = 0;
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        if (text.length() < 4096) {
          text.append(new String(buffer, 0, Math.min(n, 4096), StandardCharsets.UTF_8));
        }
        length += n;
      }
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((key, values) ->
        headers.put(key.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
    Received request = new Received(exchange.getRequestMethod(), path, query, headers, length,
        HexFormat.of().formatHex(digest.digest()), text.toString());
    received.add(request);
    return request;
  }

  /** Writes a small complete answer. */
  public static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
    if (!head && bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Decoded query parameters (last value wins). */
  public static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
