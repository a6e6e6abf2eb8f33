package org.labtrack.gateway;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.gateway.auth.Authenticator;
import org.labtrack.gateway.auth.GatewayIdentity;
import org.labtrack.gateway.auth.LoginThrottle;
import org.labtrack.gateway.http.ClientAddress;
import org.labtrack.gateway.auth.Sessions;
import org.labtrack.gateway.http.Replies;
import org.labtrack.gateway.proxy.ForwardedHeaders;
import org.labtrack.gateway.proxy.Forwarder;
import org.labtrack.gateway.routing.Access;
import org.labtrack.gateway.routing.CanonicalPath;
import org.labtrack.gateway.routing.PathNormaliser;
import org.labtrack.gateway.routing.PathRejectedException;
import org.labtrack.gateway.routing.Route;
import org.labtrack.gateway.routing.RouteMatch;
import org.labtrack.gateway.routing.RouteTable;
import org.labtrack.gateway.routing.Upstream;
import org.labtrack.gateway.tokens.TokenVerifier;

/**
 * The door every request on the public port goes through, first of all routes:
 * normalise the path, find it in the {@link RouteTable} (unknown: 404, never forwarded),
 * authenticate, check the role, then forward to the service or hand over to the gateway's own
 * resources. Nothing reaches a service or a gateway resource by any other way.
 */
@Singleton
public class GatewayHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(GatewayHandler.class);
  /** Routing-context key of the {@link GatewayIdentity} for the gateway's own resources. */
  public static final String IDENTITY_KEY = "labtrack.identity";
  /**
   * Before every other route and filter (Quarkus' security and observability filters sit at
   * -300..-1 and would otherwise see raw, possibly malformed paths first); only Quarkus'
   * infrastructure at {@code Integer.MIN_VALUE} (start time, configured headers) runs earlier.
   */
  static final int ORDER = Integer.MIN_VALUE + 2;
  private static final String REALM = "LabTrack";
  private static final String METRICS_TEMPLATE_KEY = "UrlPathTemplate";

  private final RouteTable table = RouteTable.instance();
  private final Authenticator authenticator;
  private final LoginThrottle throttle;
  private final ClientAddress clientAddress;
  private final Forwarder forwarder;
  private final ForwardedHeaders forwardedHeaders;

  GatewayHandler(Authenticator authenticator, LoginThrottle throttle,
      ClientAddress clientAddress, Forwarder forwarder, ForwardedHeaders forwardedHeaders) {
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.clientAddress = clientAddress;
    this.forwarder = forwarder;
    this.forwardedHeaders = forwardedHeaders;
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    CanonicalPath path;
    try {
      path = PathNormaliser.normalise(request.path());
      checkQuery(request.query());
    } catch (PathRejectedException e) {
      metricsTemplate("/{rejected}");
      Replies.error(request, ErrorCode.BAD_REQUEST, e.getMessage());
      return;
    }
    RouteMatch match = table.match(request.method().name(), path);
    if (match instanceof RouteMatch.Found found) {
      metricsTemplate(found.route().pattern());
      admit(ctx, found.route(), path);
    } else if (match instanceof RouteMatch.MethodNotAllowed notAllowed) {
      metricsTemplate("/{method-not-allowed}");
      MultiMap allow = MultiMap.caseInsensitiveMultiMap()
          .add(HttpHeaders.ALLOW, String.join(", ", notAllowed.allowed()));
      Replies.error(request, 405, ErrorCode.BAD_REQUEST, "Method " + request.method()
          + " is not allowed for " + path.encoded() + ". Allowed: "
          + String.join(", ", notAllowed.allowed()) + ".", allow);
    } else {
      metricsTemplate("/{not-found}");
      Replies.error(request, ErrorCode.ENDPOINT_NOT_FOUND, "No LabTrack endpoint at "
          + request.method() + " " + path.encoded() + ". Check the path and the API version.");
    }
  }

  private void admit(RoutingContext ctx, Route route, CanonicalPath path) {
    HttpServerRequest request = ctx.request();
    if (route.access() == Access.PUBLIC || (route.signedUpload() && isSigned(request))) {
      dispatch(ctx, route, path, null);
      return;
    }
    String client = clientAddress.of(request);
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    String account = Authenticator.account(authorization);
    OptionalLong retryAfter = throttle.retryAfterSeconds(client, account);
    if (retryAfter.isPresent()) {
      Replies.error(request, 429, ErrorCode.REQUEST_LIMIT_EXCEEDED,
          "Too many failed sign-ins from this address; try again in " + retryAfter.getAsLong()
              + " s.", MultiMap.caseInsensitiveMultiMap()
              .add(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong())));
      return;
    }
    Cookie session = request.getCookie(Sessions.COOKIE);
    boolean fromUi = request.getHeader(Sessions.UI_HEADER) != null;
    boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
    authenticator.authenticate(authorization,
        session == null ? null : session.getValue(), fromUi || safe).onComplete(ar -> {
      if (ar.failed()) {
        Throwable cause = ar.cause();
        if (!(cause instanceof TokenVerifier.UnavailableException)) {
          LOG.error("Authentication failed unexpectedly", cause);
        }
        // The client retries 503s; a token that cannot be checked right now is not a bad one.
        Replies.error(request, ErrorCode.TEMPORARILY_UNAVAILABLE,
            "Access tokens cannot be checked right now; please retry shortly.");
        return;
      }
      Authenticator.Result result = ar.result();
      if (result instanceof Authenticator.Authenticated ok) {
        authorise(ctx, route, path, ok.identity());
      } else if (result instanceof Authenticator.Rejected rejected) {
        if (throttle.recordFailure(client, account)) {
          LOG.warnf("Sign-in locked for %s from %s after repeated failures", account, client);
        }
        unauthenticated(request, rejected.message(), rejected.bearer(), fromUi);
      } else if (result instanceof Authenticator.NoRole noRole) {
        Replies.error(request, ErrorCode.PERMISSION_DENIED, "User '" + noRole.user()
            + "' has no role (reader, editor or admin) and may not use LabTrack.");
      } else {
        unauthenticated(request, "Authentication required: set MLFLOW_TRACKING_USERNAME and "
            + "MLFLOW_TRACKING_PASSWORD (HTTP Basic), or MLFLOW_TRACKING_TOKEN (Bearer).", false,
            fromUi);
      }
    });
  }

  private void authorise(RoutingContext ctx, Route route, CanonicalPath path,
      GatewayIdentity identity) {
    if (!identity.role().grants(route.access())) {
      Replies.error(ctx.request(), ErrorCode.PERMISSION_DENIED, "Permission denied: user '"
          + identity.user() + "' (" + identity.role().fileName() + ") may not call "
          + ctx.request().method() + " " + path.encoded() + ", which needs the "
          + route.access().name().toLowerCase(java.util.Locale.ROOT) + " role.");
      return;
    }
    dispatch(ctx, route, path, identity);
  }

  private void dispatch(RoutingContext ctx, Route route, CanonicalPath path,
      GatewayIdentity identity) {
    HttpServerRequest request = ctx.request();
    if (route.upstream() != Upstream.GATEWAY) {
      String query = request.query();
      forwarder.forward(request, route.upstream(), query == null
          ? path.encoded() : path.encoded() + "?" + query, identity);
      return;
    }
    if (!path.encoded().equals(request.path())) {
      // The gateway's own resources see the raw path; only the canonical spelling gets there.
      Replies.error(request, ErrorCode.ENDPOINT_NOT_FOUND, "No LabTrack endpoint at "
          + request.path() + "; did you mean " + path.encoded() + "?");
      return;
    }
    forwardedHeaders.applyIdentity(request.headers(), identity);
    if (identity != null) {
      ctx.put(IDENTITY_KEY, identity);
      SecurityIdentity security = QuarkusSecurityIdentity.builder()
          .setPrincipal(new QuarkusPrincipal(identity.user()))
          .addRole(identity.role().fileName())
          .build();
      ctx.setUser(new QuarkusHttpUser(security));
      ctx.put(QuarkusHttpUser.DEFERRED_IDENTITY_KEY, Uni.createFrom().item(security));
    }
    ctx.next();
  }

  /** {@code fromUi}: no Basic challenge, which would open the browser's own password dialog. */
  private static void unauthenticated(HttpServerRequest request, String message,
      boolean bearer, boolean fromUi) {
    MultiMap challenge = MultiMap.caseInsensitiveMultiMap();
    if (!fromUi) {
      challenge.add("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    }
    if (bearer) {
      challenge.add("WWW-Authenticate",
          "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
    }
    Replies.error(request, 401, ErrorCode.UNAUTHENTICATED, message, challenge);
  }

  /** A non-empty {@code signature} query parameter, by its exact (case-sensitive) name. */
  static boolean isSigned(HttpServerRequest request) {
    String query = request.query();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("signature") && eq + 1 < pair.length()) {
        return true;
      }
    }
    return false;
  }

  /** The query goes upstream as sent, so it must at least be well-formed. */
  static void checkQuery(String query) throws PathRejectedException {
    if (query == null) {
      return;
    }
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~!$&'()*+,;=:@/?[]".indexOf(c) >= 0;
      if (c == '%') {
        ok = i + 2 < query.length() && isHex(query.charAt(i + 1)) && isHex(query.charAt(i + 2));
      }
      if (!ok) {
        throw new PathRejectedException("The query string contains a character that must be "
            + "percent-encoded, or a malformed percent-escape.");
      }
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static void metricsTemplate(String template) {
    // Keeps http.server.requests' uri tag to route patterns instead of raw (unbounded) paths.
    if (io.vertx.core.Vertx.currentContext() != null) {
      try {
        ContextLocals.put(METRICS_TEMPLATE_KEY, template);
      } catch (UnsupportedOperationException e) {
        // not on a duplicated context: no per-request metrics tag then
      }
    }
  }
}
