package org.labtrack.gateway.admin;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.ErrorMappers;
import org.labtrack.common.error.MlflowException;
import org.labtrack.gateway.auth.Authenticator;
import org.labtrack.gateway.auth.GatewayIdentity;
import org.labtrack.gateway.auth.LoginThrottle;
import org.labtrack.gateway.auth.Sessions;
import org.labtrack.gateway.http.ClientAddress;

/**
 * The web UI's sign-in and sign-out. Sign-in is a public route, so it applies the same
 * per-address throttle as every other password check itself.
 */
@Path("/{prefix:api|ajax-api}/labtrack/v1/session")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class SessionResource {
  private final Authenticator authenticator;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final ClientAddress clientAddress;

  SessionResource(Authenticator authenticator, Sessions sessions, LoginThrottle throttle,
      ClientAddress clientAddress) {
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.throttle = throttle;
    this.clientAddress = clientAddress;
  }

  public record Credentials(String username, String password) {
  }

  public record SignedIn(String user, String role) {
  }

  @POST
  public Response signIn(Credentials credentials, RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (credentials == null || credentials.username() == null
        || credentials.password() == null) {
      throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE,
          "Send {\"username\": ..., \"password\": ...}.");
    }
    String client = clientAddress.of(request);
    String account = LoginThrottle.user(credentials.username());
    OptionalLong retryAfter = throttle.retryAfterSeconds(client, account);
    if (retryAfter.isPresent()) {
      // As the gateway's own lockout answer: the wait in the message and in Retry-After.
      return Response.fromResponse(ErrorMappers.toResponse(ErrorCode.REQUEST_LIMIT_EXCEEDED,
              "Too many failed sign-ins from this address; try again in "
                  + retryAfter.getAsLong() + " s."))
          .header(HttpHeaders.RETRY_AFTER, retryAfter.getAsLong())
          .build();
    }
    char[] password = credentials.password().toCharArray();
    Authenticator.Result result;
    try {
      result = authenticator.password(credentials.username(), password,
          GatewayIdentity.Via.SESSION);
    } finally {
      Arrays.fill(password, '\0');
    }
    if (result instanceof Authenticator.Authenticated ok) {
      return Response.ok(new SignedIn(ok.identity().user(), ok.identity().role().fileName()))
          .cookie(cookie(sessions.issue(ok.identity().user()), (int) sessions.ttlSeconds(),
              request))
          .build();
    }
    if (result instanceof Authenticator.NoRole noRole) {
      throw new MlflowException(ErrorCode.PERMISSION_DENIED, "User '" + noRole.user()
          + "' has no role (reader, editor or admin) and may not use LabTrack.");
    }
    throttle.recordFailure(client, account);
    throw new MlflowException(ErrorCode.UNAUTHENTICATED, "Invalid username or password.");
  }

  /** Forgets the cookie in this browser. (It is stateless: a copy taken elsewhere stays valid
   *  until it expires or the password changes.) */
  @DELETE
  public Response signOut(RoutingContext ctx) {
    return Response.noContent().cookie(cookie("", 0, ctx.request())).build();
  }

  private static NewCookie cookie(String value, int maxAge, HttpServerRequest request) {
    String proto = request.getHeader("X-Forwarded-Proto");
    boolean https = request.isSSL()
        || (proto != null && proto.toLowerCase(Locale.ROOT).startsWith("https"));
    return new NewCookie.Builder(Sessions.COOKIE).value(value).path("/").maxAge(maxAge)
        .httpOnly(true).secure(https).sameSite(NewCookie.SameSite.STRICT).build();
  }
}
