package org.labtrack.tracking.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.store.AccessTokenEntity;
import org.labtrack.tracking.store.AsciiIds;
import org.labtrack.tracking.store.Transactions;

/**
 * Bearer tokens for {@code MLFLOW_TRACKING_TOKEN}, issued and revoked by an admin through the
 * gateway. The database is the one place every gateway replica can share them; a token is a
 * 256-bit random secret, so a plain SHA-256 of it is enough to store.
 */
@ApplicationScoped
public class AccessTokenService {
  private static final String PREFIX = "lt_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Transactions tx;

  AccessTokenService(Transactions tx) {
    this.tx = tx;
  }

  /** A token as listed; never carries the secret. */
  public record AccessToken(String id, String user, String description, long createdAt,
      Long expiresAt) {
  }

  public record IssuedToken(AccessToken token, String secret) {
  }

  public IssuedToken issue(String user, String description, Long expiresAt) {
    if (user == null || user.isBlank()) {
      throw MlflowException.missingParameter("user");
    }
    Validation.lengthLimit("user", 256, user);
    Validation.lengthLimit("description", 500, description);
    long now = System.currentTimeMillis();
    if (expiresAt != null && expiresAt <= now) {
      throw MlflowException.invalidParameter("'expires_at' must lie in the future.");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + HexFormat.of().formatHex(random);
    AccessTokenEntity entity = new AccessTokenEntity();
    entity.id = UUID.randomUUID().toString().replace("-", "");
    entity.secretHash = sha256(secret);
    entity.user = user;
    entity.description = description;
    entity.createdAt = now;
    entity.expiresAt = expiresAt;
    tx.write(() -> entity.persist());
    return new IssuedToken(toModel(entity), secret);
  }

  public List<AccessToken> list(String user) {
    List<AccessTokenEntity> tokens = user == null || user.isEmpty()
        ? AccessTokenEntity.list("order by createdAt")
        : AccessTokenEntity.list("user = ?1 order by createdAt", user);
    return tokens.stream().map(AccessTokenService::toModel).toList();
  }

  public void revoke(String id) {
    tx.write(() -> {
      if (!AsciiIds.storable(id) || !AccessTokenEntity.deleteById(id)) {
        throw MlflowException.notFound("No access token with id '" + id + "'.");
      }
    });
  }

  /** The token a secret belongs to, unless it is unknown or expired. */
  public AccessToken verify(String secret) {
    Optional<AccessTokenEntity> token = secret == null || !secret.startsWith(PREFIX)
        ? Optional.empty()
        : AccessTokenEntity.find("secretHash", sha256(secret)).firstResultOptional();
    return token
        .filter(t -> t.expiresAt == null || t.expiresAt > System.currentTimeMillis())
        .map(AccessTokenService::toModel)
        .orElseThrow(() -> new MlflowException(ErrorCode.UNAUTHENTICATED,
            "The access token is unknown, revoked or expired."));
  }

  private static AccessToken toModel(AccessTokenEntity e) {
    return new AccessToken(e.id, e.user, e.description, e.createdAt, e.expiresAt);
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
