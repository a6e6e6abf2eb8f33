package org.labtrack.artifacts.domain;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.artifacts.config.ArtifactsConfig;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.common.internal.Internal;

/**
 * Signs and checks part URLs. A signature is HMAC-SHA256 over the artifact path, upload id, part
 * number and expiry (epoch seconds), base64url without padding, so a URL authorises exactly one
 * part of one upload until it expires.
 */
@Singleton
public class PartUrlSigner {
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private final boolean ephemeral;
  private final Duration expiry;
  private final Clock clock;

  @Inject
  PartUrlSigner(ArtifactsConfig config,
      @ConfigProperty(name = Internal.SECRET_KEY) Optional<String> internalSecret) {
    this(keyFrom(config.multipart().signingKey(), internalSecret),
        config.multipart().expiry(), Clock.systemUTC());
  }

  PartUrlSigner(byte[] key, Duration expiry, Clock clock) {
    this.ephemeral = key == null;
    this.key = key != null ? key : randomKey();
    this.expiry = expiry;
    this.clock = clock;
  }

  private static byte[] keyFrom(Optional<String> signingKey, Optional<String> internalSecret) {
    Optional<String> explicit = signingKey.filter(k -> !k.isBlank());
    if (explicit.isPresent()) {
      return explicit.get().getBytes(StandardCharsets.UTF_8);
    }
    return internalSecret.filter(s -> !s.isBlank())
        .map(secret -> hmac(secret.getBytes(StandardCharsets.UTF_8), "labtrack artifact part URLs v1"))
        .orElse(null);
  }

  private static byte[] randomKey() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return random;
  }

  /** True when no key was configured and URLs die with this process. */
  public boolean isEphemeral() {
    return ephemeral;
  }

  /** Expiry (epoch seconds) for a URL issued now. */
  public long expiresAt() {
    return clock.instant().plus(expiry).getEpochSecond();
  }

  /** The signature for one part. */
  public String sign(ArtifactPath path, String uploadId, long partNumber, long expires) {
    String message = "v1\n" + path.value() + "\n" + uploadId + "\n" + partNumber + "\n" + expires;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, message));
  }

  /**
   * Refuses with 403 {@code PERMISSION_DENIED} unless {@code signature} was issued for exactly this
   * path, upload and part and has not expired.
   */
  public void verify(ArtifactPath path, String uploadId, long partNumber, Long expires, String signature) {
    if (uploadId == null || expires == null || signature == null || signature.isBlank()) {
      throw denied("The part URL is incomplete: upload_id, part_number, expires and signature are required.");
    }
    byte[] expected = sign(path, uploadId, partNumber, expires).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw denied("The part URL signature is not valid for this path, upload and part.");
    }
    if (clock.instant().getEpochSecond() > expires) {
      throw denied("The part URL expired; start a new multipart upload.");
    }
  }

  private static MlflowException denied(String message) {
    return new MlflowException(ErrorCode.PERMISSION_DENIED, message);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
