package org.labtrack.gateway.proxy;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.gateway.config.GatewayConfig;
import org.labtrack.gateway.routing.Upstream;

/**
 * One HTTP/1.1 connection pool per service behind the gateway. Plain HTTP/1.1 on purpose: no h2c
 * upgrade towards the services, no decompression (bodies pass through byte for byte), timeouts
 * from {@code gateway.upstream.*}.
 */
@Singleton
public class UpstreamClients {
  private final Map<Upstream, Target> targets = new EnumMap<>(Upstream.class);
  private final long connectTimeoutMillis;
  private final long idleTimeoutNanos;

  /** Where a service lives. */
  public record Target(Upstream upstream, URI baseUrl, String host, int port, boolean ssl,
      HttpClient client) {
  }

  UpstreamClients(Vertx vertx, GatewayConfig config,
      @ConfigProperty(name = "quarkus.http.limits.max-chunk-size") MemorySize chunkSize) {
    this.connectTimeoutMillis = config.upstream().connectTimeout().toMillis();
    this.idleTimeoutNanos = config.upstream().idleTimeout().toNanos();
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setHttp2ClearTextUpgrade(false)
        .setDecompressionSupported(false)
        .setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
        .setIdleTimeout((int) Math.max(1, config.upstream().idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(64 * 1024)
        // Answers (downloads) pass in the pieces the gateway's own server reads requests in.
        .setMaxChunkSize(chunkSize.asBigInteger().intValueExact());
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.upstream().maxConnections());
    targets.put(Upstream.TRACKING, target(vertx, Upstream.TRACKING, config.trackingUrl(),
        options, pool));
    targets.put(Upstream.ARTIFACTS, target(vertx, Upstream.ARTIFACTS, config.artifactsUrl(),
        options, pool));
  }

  private static Target target(Vertx vertx, Upstream upstream, URI url,
      HttpClientOptions options, PoolOptions pool) {
    boolean ssl = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(options).setSsl(ssl), pool);
    return new Target(upstream, url, url.getHost(), port, ssl, client);
  }

  /** After this long without traffic the gateway closes a service connection itself. */
  public long idleTimeoutNanos() {
    return idleTimeoutNanos;
  }

  public Target target(Upstream upstream) {
    Target target = targets.get(upstream);
    if (target == null) {
      throw new IllegalArgumentException(upstream + " is not a service behind the gateway");
    }
    return target;
  }

  /** Request options for {@code uri} (path and query) on {@code upstream}. */
  public RequestOptions request(Upstream upstream, HttpMethod method, String uri) {
    Target target = target(upstream);
    return new RequestOptions()
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setMethod(method)
        .setURI(uri)
        .setConnectTimeout(connectTimeoutMillis);
  }

  void close(@Observes ShutdownEvent event) {
    targets.values().forEach(t -> t.client().close());
  }
}
