package org.labtrack.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.common.internal.Internal;
import org.labtrack.gateway.auth.GatewayIdentity;
import org.labtrack.gateway.config.GatewayConfig;
import org.labtrack.gateway.http.ClientAddress;

/**
 * The headers a request carries past the gateway, to a service or to the gateway's own
 * resources. Identity and forwarding headers are always the gateway's own: whatever the client
 * sent under those names is dropped first, so nobody can claim to be someone else.
 */
@Singleton
public class ForwardedHeaders {
  /** Hop-by-hop headers (RFC 9110 7.6.1) plus h2c's and {@code Expect}, which the gateway answers. */
  static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
      "upgrade", "http2-settings", "expect");

  /** Never forwarded from the client: the gateway sets them, or they would let a client steer
   *  a service (method overrides, rewritten URLs). {@code Authorization} stays at the door. */
  private static final Set<String> CLIENT_CONTROLLED = Set.of("host", "content-length",
      "authorization", "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
      "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-real-ip",
      "x-http-method-override", "x-http-method", "x-method-override", "x-original-url",
      "x-rewrite-url", Internal.USER_HEADER.toLowerCase(Locale.ROOT),
      Internal.TOKEN_HEADER.toLowerCase(Locale.ROOT));

  private final Optional<String> secret;
  private final String prefix;
  private final ClientAddress clientAddress;

  ForwardedHeaders(@ConfigProperty(name = Internal.SECRET_KEY) Optional<String> secret,
      GatewayConfig config, ClientAddress clientAddress) {
    this.clientAddress = clientAddress;
    this.secret = secret.filter(s -> !s.isBlank());
    this.prefix = config.forwardedPrefix().orElse("");
  }

  /** The headers to send upstream for {@code request}, run as {@code identity} (may be null). */
  public MultiMap forUpstream(HttpServerRequest request, GatewayIdentity identity) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    Set<String> listed = connectionListed(request.headers());
    request.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !CLIENT_CONTROLLED.contains(lower)
          && !listed.contains(lower)) {
        out.add(name, value);
      }
    });
    setIdentity(out, identity);
    out.set("X-Forwarded-For", clientAddress.of(request));
    String scheme = request.scheme() == null ? "http" : request.scheme();
    out.set("X-Forwarded-Proto", scheme);
    HostAndPort authority = request.authority();
    if (authority != null) {
      int port = authority.port() > 0 ? authority.port() : "https".equals(scheme) ? 443 : 80;
      out.set("X-Forwarded-Host", authority.port() > 0
          ? authority.host() + ":" + authority.port() : authority.host());
      out.set("X-Forwarded-Port", Integer.toString(port));
    }
    out.set("X-Forwarded-Prefix", prefix);
    return out;
  }

  /** Rewrites the identity headers in place, for requests the gateway answers itself. */
  public void applyIdentity(MultiMap headers, GatewayIdentity identity) {
    headers.remove(Internal.USER_HEADER);
    headers.remove(Internal.TOKEN_HEADER);
    setIdentity(headers, identity);
  }

  private void setIdentity(MultiMap headers, GatewayIdentity identity) {
    secret.ifPresent(s -> headers.set(Internal.TOKEN_HEADER, s));
    if (identity != null) {
      headers.set(Internal.USER_HEADER, identity.user());
    }
  }

  /** Response headers to pass back: everything except hop-by-hop ones. */
  static MultiMap forClient(MultiMap upstream) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    Set<String> listed = connectionListed(upstream);
    upstream.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !listed.contains(lower)) {
        out.add(name, value);
      }
    });
    return out;
  }

  /** Headers named in {@code Connection}, which are hop-by-hop too. */
  private static Set<String> connectionListed(MultiMap headers) {
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          names.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }
}
