package org.labtrack.artifacts.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UploadBuffersTest {
  private static final int MIB = 1024 * 1024;

  @Test
  void buffersCountAgainstTheBudgetUntilClosedOnce() {
    UploadBuffers buffers = new UploadBuffers(10L * MIB, 5 * MIB, Duration.ofMillis(50));
    UploadBuffers.Buffer first = buffers.take(5 * MIB);
    assertThat(first.bytes()).hasSize(5 * MIB);
    UploadBuffers.Buffer second = buffers.take(4 * MIB);
    assertThat(buffers.available()).isEqualTo(MIB);
    assertThatThrownBy(() -> buffers.take(2 * MIB))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageStartingWith("Artifact storage is busy: every upload buffer (10 MiB in all)");
    first.close();
    first.close();
    assertThat(buffers.available()).isEqualTo(6L * MIB);
    second.close();
    assertThat(buffers.available()).isEqualTo(10L * MIB);
  }

  @Test
  void aWaitingUploadGetsTheBufferThatComesFree() throws Exception {
    UploadBuffers buffers = new UploadBuffers(5L * MIB, 5 * MIB, Duration.ofSeconds(10));
    UploadBuffers.Buffer held = buffers.take(5 * MIB);
    CompletableFuture<UploadBuffers.Buffer> waiting =
        CompletableFuture.supplyAsync(() -> buffers.take(MIB));
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    held.close();
    waiting.get(5, TimeUnit.SECONDS).close();
    assertThat(buffers.available()).isEqualTo(5L * MIB);
  }

  @Test
  void theBudgetHoldsAtLeastOneBufferAndABiggerPartTakesAllOfIt() {
    UploadBuffers buffers = new UploadBuffers(MIB, 5 * MIB, Duration.ofMillis(10));
    assertThat(buffers.available()).isEqualTo(5L * MIB);
    try (UploadBuffers.Buffer part = buffers.take(8 * MIB)) {
      assertThat(part.bytes()).hasSize(8 * MIB);
      assertThat(buffers.available()).isZero();
    }
    assertThat(buffers.available()).isEqualTo(5L * MIB);
  }
}
