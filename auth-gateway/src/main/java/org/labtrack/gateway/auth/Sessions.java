package org.labtrack.gateway.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.common.internal.Internal;
import org.labtrack.gateway.config.GatewayConfig;

/**
 * The web UI's sign-in: a signed cookie instead of a server-side session table, so any gateway
 * replica that shares the internal secret accepts it. The signature covers the user's current
 * password hash, so changing a password (or removing the user) ends every session at once;
 * the role is read afresh on each request like for Basic.
 *
 * <p>Cookie value: {@code base64url(user) "." expiryEpochSeconds "." base64url(hmac)}.
 */
@Singleton
public class Sessions {
  public static final String COOKIE = "labtrack_session";
  /**
   * Sent by the UI on every call. A session may change data only with it: a cross-site page can
   * make the browser send the cookie, never a custom header (no CORS is offered), so this also
   * is the CSRF guard. It also tells the gateway not to challenge with Basic, which would pop
   * up the browser's own password dialog.
   */
  public static final String UI_HEADER = "X-LabTrack-UI";

  private final UserStore users;
  private final long ttlSeconds;
  private final SecretKeySpec key;
  private final Clock clock;

  @Inject
  Sessions(UserStore users, GatewayConfig config,
      @ConfigProperty(name = Internal.SECRET_KEY) Optional<String> secret) {
    this(users, config.session().ttl().toSeconds(), secret.orElse(""), Clock.systemUTC());
  }

  Sessions(UserStore users, long ttlSeconds, String secret, Clock clock) {
    this.users = users;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
    byte[] material;
    if (secret == null || secret.isEmpty()) {
      // A lone gateway without a shared secret: sessions end when it restarts.
      material = new byte[32];
      new SecureRandom().nextBytes(material);
    } else {
      material = sha256(("labtrack-session-key:" + secret).getBytes(StandardCharsets.UTF_8));
    }
    this.key = new SecretKeySpec(material, "HmacSHA256");
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  /** A cookie value for {@code user}, who has just proved their password. */
  public String issue(String user) {
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(user.getBytes(StandardCharsets.UTF_8))
        + "." + (clock.instant().getEpochSecond() + ttlSeconds);
    return payload + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(sign(payload, users.credentialStamp(user).orElse("")));
  }

  /** The user a cookie value speaks for, if it is genuine, unexpired and still current. */
  public Optional<String> verify(String value) {
    if (value == null || value.length() > 512) {
      return Optional.empty();
    }
    int first = value.indexOf('.');
    int last = value.lastIndexOf('.');
    if (first <= 0 || last <= first) {
      return Optional.empty();
    }
    String payload = value.substring(0, last);
    try {
      String user = new String(Base64.getUrlDecoder().decode(value.substring(0, first)),
          StandardCharsets.UTF_8);
      long expiry = Long.parseLong(value.substring(first + 1, last));
      byte[] signature = Base64.getUrlDecoder().decode(value.substring(last + 1));
      Optional<String> stamp = users.credentialStamp(user);
      if (expiry <= clock.instant().getEpochSecond() || stamp.isEmpty()
          || !MessageDigest.isEqual(signature, sign(payload, stamp.get()))) {
        return Optional.empty();
      }
      return Optional.of(user);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String payload, String stamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(payload.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(stamp.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
