package org.labtrack.gateway.tokens;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.labtrack.gateway.config.GatewayConfig;
import org.labtrack.gateway.util.Lru;

/**
 * Checks bearer tokens against tracking-service and remembers good answers for
 * {@code gateway.tokens.cache-ttl}, at most {@code gateway.tokens.cache-size} of them. Only
 * successes are cached (keyed by the token's SHA-256, never the token itself); a revocation made
 * through this gateway evicts at once, one made through another replica takes effect here within
 * the TTL.
 */
@Singleton
public class TokenVerifier {
  /** Prefix of every LabTrack token; anything else is refused without a round trip. */
  public static final String TOKEN_PREFIX = "lt_";

  private final InternalTokenApi api;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<String, Entry> cache;

  /** A token the store vouched for. */
  public record VerifiedToken(String user, String tokenId) {
  }

  /** The token store could not answer (down, or an unexpected reply). */
  public static class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private record Entry(VerifiedToken token, long expiresAt) {
  }

  @Inject
  TokenVerifier(InternalTokenApi api, GatewayConfig config) {
    this(api, config.tokens().cacheTtl().toNanos(), config.tokens().cacheSize(),
        System::nanoTime);
  }

  TokenVerifier(InternalTokenApi api, long ttlNanos, int maxEntries, LongSupplier clock) {
    this.api = api;
    this.ttlNanos = ttlNanos;
    this.clock = clock;
    this.cache = Lru.map(maxEntries);
  }

  /** The token's user and id, empty when the token is unknown, revoked or expired. */
  public Future<Optional<VerifiedToken>> verify(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 512) {
      return Future.succeededFuture(Optional.empty());
    }
    String key = hash(token);
    long now = clock.getAsLong();
    synchronized (cache) {
      Entry hit = cache.get(key);
      if (hit != null && hit.expiresAt() - now > 0) {
        return Future.succeededFuture(Optional.of(hit.token()));
      }
      cache.remove(key);
    }
    return api.verify(token).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(new UnavailableException(
            "tracking-service could not be asked about the token: " + ar.cause().getMessage(),
            ar.cause()));
      }
      InternalTokenApi.Reply reply = ar.result();
      if (reply.status() == 401 || reply.status() == 404) {
        return Future.succeededFuture(Optional.empty());
      }
      if (!reply.ok()) {
        return Future.failedFuture(new UnavailableException(
            "tracking-service answered " + reply.status() + " to a token check", null));
      }
      JsonObject body;
      try {
        body = reply.json();
      } catch (RuntimeException e) {
        return Future.failedFuture(new UnavailableException(
            "tracking-service answered a token check with something other than JSON", e));
      }
      VerifiedToken verified = new VerifiedToken(body.getString("user"),
          body.getString("token_id"));
      if (verified.user() == null) {
        return Future.failedFuture(new UnavailableException(
            "tracking-service answered a token check without a user", null));
      }
      synchronized (cache) {
        cache.put(key, new Entry(verified, clock.getAsLong() + ttlNanos));
      }
      return Future.succeededFuture(Optional.of(verified));
    });
  }

  /** Forgets every cached check of token {@code tokenId}. */
  public void evict(String tokenId) {
    synchronized (cache) {
      cache.values().removeIf(e -> e.token().tokenId() != null
          && e.token().tokenId().equals(tokenId));
    }
  }

  /** Cached checks right now. */
  public int cachedEntries() {
    synchronized (cache) {
      return cache.size();
    }
  }

  /** The token's SHA-256 in hex: what caches and counts keep instead of the token. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
