package org.labtrack.artifacts.store;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory the S3 store's upload buffers may take together. Each upload in flight holds one
 * buffer (up to a part) so the SDK can retry what it sends; without a bound, enough concurrent
 * uploads (fifty workers saving a checkpoint at the end of an epoch) would need more than any heap
 * and the service would die with all of them. An upload that finds the budget spent waits for a
 * buffer to come free, reading nothing from its client meanwhile, and after {@code wait} gives up
 * with 503 {@code TEMPORARILY_UNAVAILABLE}, which MLflow's client retries.
 */
public final class UploadBuffers {
  private static final int KIB = 1024;

  private final Semaphore kib;
  private final int totalKib;
  private final Duration wait;

  /** {@code budget} bytes in all (at least one buffer of {@code largest} bytes). */
  public UploadBuffers(long budget, int largest, Duration wait) {
    this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(budget, largest) / KIB);
    this.kib = new Semaphore(totalKib, true);
    this.wait = wait;
  }

  /** A buffer of {@code size} bytes, counted against the budget until it is closed. */
  public Buffer take(int size) {
    int need = Math.min(totalKib, (size + KIB - 1) / KIB);
    boolean granted;
    try {
      granted = kib.tryAcquire(need, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      granted = false;
    }
    if (!granted) {
      throw new StorageUnavailableException("Artifact storage is busy: every upload buffer ("
          + (long) totalKib * KIB / (1024 * 1024) + " MiB in all) is in use; please retry shortly.",
          null);
    }
    return new Buffer(new byte[size], need);
  }

  /** Free buffer memory now, in bytes (what the tests check the budget by). */
  public long available() {
    return (long) kib.availablePermits() * KIB;
  }

  /** Bytes that go back to the budget when closed. */
  public final class Buffer implements AutoCloseable {
    private final byte[] bytes;
    private final int kibHeld;
    private boolean closed;

    private Buffer(byte[] bytes, int kibHeld) {
      this.bytes = bytes;
      this.kibHeld = kibHeld;
    }

    public byte[] bytes() {
      return bytes;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        kib.release(kibHeld);
      }
    }
  }
}
