package org.labtrack.gateway.auth;

import io.vertx.core.Future;
import jakarta.inject.Singleton;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.labtrack.gateway.tokens.TokenVerifier;

/**
 * Reads the {@code Authorization} header: HTTP Basic against the users file
 * ({@code MLFLOW_TRACKING_USERNAME}/{@code PASSWORD}), or a bearer token
 * ({@code MLFLOW_TRACKING_TOKEN}) that acts as its user with that user's current role; without
 * that header, the web UI's session cookie ({@link Sessions}).
 * Runs on the event loop: a password check is one MD5 in memory, a token check is a cached,
 * non-blocking call, a session check one HMAC.
 */
@Singleton
public class Authenticator {
  private final UserStore users;
  private final TokenVerifier tokens;
  private final Sessions sessions;

  Authenticator(UserStore users, TokenVerifier tokens, Sessions sessions) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
  }

  /** The outcome of reading one request's credentials. */
  public sealed interface Result {
  }

  /** No credentials at all: ask for them, but this is not a failed sign-in. */
  public record Missing() implements Result {
  }

  /** Credentials that do not hold: counts as a failed sign-in. */
  public record Rejected(String message, boolean bearer) implements Result {
  }

  public record Authenticated(GatewayIdentity identity) implements Result {
  }

  /** A real user without any role in the roles file: may do nothing. */
  public record NoRole(String user) implements Result {
  }

  /**
   * Authenticates one request from its {@code Authorization} header and, only when that is
   * absent, its session cookie (each null when absent). {@code sessionAllowed} is false for a
   * request that may change data but lacks {@link Sessions#UI_HEADER}: the cookie alone could
   * have been sent by another site's page.
   */
  public Future<Result> authenticate(String authorization, String sessionCookie,
      boolean sessionAllowed) {
    if (authorization == null || authorization.isBlank()) {
      if (sessionCookie == null || !sessionAllowed) {
        return Future.succeededFuture(new Missing());
      }
      // An expired or stale cookie is no failed sign-in: the UI just shows its login form.
      return Future.succeededFuture(sessions.verify(sessionCookie)
          .map(user -> withRole(user, null, GatewayIdentity.Via.SESSION))
          .orElseGet(Missing::new));
    }
    Header header = Header.of(authorization);
    return switch (header.scheme()) {
      case "basic" -> Future.succeededFuture(basic(header.credentials()));
      case "bearer" -> bearer(header.credentials());
      default -> Future.succeededFuture(new Rejected(
          "Unsupported authorization scheme; use Basic or Bearer.", false));
    };
  }

  /**
   * The account an {@code Authorization} header's failed sign-ins count against
   * ({@link LoginThrottle}): its Basic user name, its bearer token (by the token's hash), the
   * scheme itself for anything else.
   */
  public static String account(String authorization) {
    Header header = Header.of(authorization);
    if (header.scheme().equals("bearer")) {
      return LoginThrottle.token(header.credentials());
    }
    if (header.scheme().equals("basic")) {
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(header.credentials());
      } catch (IllegalArgumentException e) {
        return "scheme:basic"; // malformed: counted under the scheme
      }
      try {
        // Only the name becomes a String: the password stays in bytes, zeroed below. In UTF-8
        // a ':' byte is always the character itself.
        int colon = 0;
        while (colon < raw.length && raw[colon] != ':') {
          colon++;
        }
        if (colon > 0 && colon < raw.length) {
          return LoginThrottle.user(new String(raw, 0, colon, StandardCharsets.UTF_8));
        }
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
    return "scheme:" + header.scheme();
  }

  /** An {@code Authorization} header: its scheme, lower-cased, and what follows it. */
  private record Header(String scheme, String credentials) {
    static Header of(String authorization) {
      String value = authorization == null ? "" : authorization.trim();
      int space = value.indexOf(' ');
      return new Header((space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT),
          space < 0 ? "" : value.substring(space + 1).trim());
    }
  }

  private Result basic(String encoded) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return new Rejected("Malformed Basic credentials.", false);
    }
    char[] chars;
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw));
      chars = new char[decoded.remaining()];
      decoded.get(chars);
    } catch (CharacterCodingException e) {
      return new Rejected("Malformed Basic credentials.", false);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    try {
      int colon = -1;
      for (int i = 0; i < chars.length; i++) {
        if (chars[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon <= 0) {
        return new Rejected("Malformed Basic credentials.", false);
      }
      char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
      try {
        return password(new String(chars, 0, colon), password, GatewayIdentity.Via.BASIC);
      } finally {
        Arrays.fill(password, '\0');
      }
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** A user name and password, from Basic credentials or the web UI's sign-in form. */
  public Result password(String user, char[] password, GatewayIdentity.Via via) {
    if (!users.verify(user, password)) {
      return new Rejected("Invalid username or password.", false);
    }
    return withRole(user, null, via);
  }

  private Future<Result> bearer(String token) {
    return tokens.verify(token).map(verified -> verified
        .map(v -> withRole(v.user(), v.tokenId(), GatewayIdentity.Via.TOKEN))
        .orElseGet(() -> new Rejected("The access token is unknown, revoked or expired.",
            true)));
  }

  private Result withRole(String user, String tokenId, GatewayIdentity.Via via) {
    if (!users.exists(user)) {
      // Reachable with a token or session: its user was removed, and they die with it.
      return new Rejected("The access token's user no longer exists.", true);
    }
    Optional<Role> role = users.roleOf(user);
    if (role.isEmpty()) {
      return new NoRole(user);
    }
    return new Authenticated(new GatewayIdentity(user, role.get(), tokenId, via));
  }
}
