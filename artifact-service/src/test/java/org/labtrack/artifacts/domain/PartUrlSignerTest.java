package org.labtrack.artifacts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

class PartUrlSignerTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final PartUrlSigner signer = new PartUrlSigner("k".repeat(32).getBytes(StandardCharsets.UTF_8),
      Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
  private final ArtifactPath path = ArtifactPath.parse("1/run/artifacts/w.bin");

  @Test
  void aSignatureAuthorisesExactlyOnePartUntilItExpires() {
    long expires = signer.expiresAt();
    assertThat(expires).isEqualTo(NOW.plus(Duration.ofHours(24)).getEpochSecond());
    String signature = signer.sign(path, "up1", 3, expires);
    assertThat(signature).matches("[A-Za-z0-9_-]{43}");
    assertThatCode(() -> signer.verify(path, "up1", 3, expires, signature)).doesNotThrowAnyException();

    assertDenied(() -> signer.verify(path, "up1", 4, expires, signature));
    assertDenied(() -> signer.verify(path, "up2", 3, expires, signature));
    assertDenied(() -> signer.verify(ArtifactPath.parse("1/run/artifacts/x.bin"), "up1", 3, expires, signature));
    assertDenied(() -> signer.verify(path, "up1", 3, expires + 1, signature));
    assertDenied(() -> signer.verify(path, "up1", 3, expires, null));
    assertDenied(() -> signer.verify(path, "up1", 3, null, signature));
  }

  @Test
  void expiredSignaturesAreRefused() {
    long past = NOW.getEpochSecond() - 1;
    String signature = signer.sign(path, "up1", 1, past);
    assertThatThrownBy(() -> signer.verify(path, "up1", 1, past, signature)).hasMessageContaining("expired");
  }

  @Test
  void otherKeysProduceOtherSignatures() {
    PartUrlSigner other = new PartUrlSigner("x".repeat(32).getBytes(StandardCharsets.UTF_8),
        Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
    long expires = signer.expiresAt();
    assertDenied(() -> other.verify(path, "up1", 1, expires, signer.sign(path, "up1", 1, expires)));
    assertThat(new PartUrlSigner(null, Duration.ofHours(1), Clock.systemUTC()).isEphemeral()).isTrue();
  }

  private static void assertDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(MlflowException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
  }
}
