package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkWritesTest {
  private static final int BULK = BulkWrites.THRESHOLD + 1;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aSmallWriteRunsWhileEveryPermitIsTaken() throws Exception {
    BulkWrites gate = new BulkWrites(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> bulk = holdingThePermit(gate, release);

    AtomicInteger ran = new AtomicInteger();
    pool.submit(() -> gate.run(BulkWrites.THRESHOLD, ran::incrementAndGet))
        .get(5, TimeUnit.SECONDS);
    assertThat(ran).hasValue(1);

    release.countDown();
    bulk.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aBulkWriteWaitsForAPermitAndGetsItWhenOneIsReleased() throws Exception {
    BulkWrites gate = new BulkWrites(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = holdingThePermit(gate, release);

    CountDownLatch secondRan = new CountDownLatch(1);
    Future<?> second = pool.submit(() -> gate.run(BULK, secondRan::countDown));
    assertThat(secondRan.await(300, TimeUnit.MILLISECONDS)).as("ran without a permit").isFalse();

    release.countDown();
    first.get(5, TimeUnit.SECONDS);
    second.get(5, TimeUnit.SECONDS);
    assertThat(secondRan.getCount()).isZero();
  }

  @Test
  void noMoreBulkWritesRunAtOnceThanThereArePermits() throws Exception {
    BulkWrites gate = new BulkWrites(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Future<?>[] writes = new Future<?>[12];
    for (int i = 0; i < writes.length; i++) {
      writes[i] = pool.submit(() -> {
        await(start);
        gate.run(BULK, () -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          sleep(20);
          running.decrementAndGet();
        });
      });
    }
    start.countDown();
    for (Future<?> write : writes) {
      write.get(10, TimeUnit.SECONDS);
    }
    assertThat(most).hasValue(3);
  }

  @Test
  void aFailingWriteGivesItsPermitBack() {
    BulkWrites gate = new BulkWrites(1);
    assertThatThrownBy(() -> gate.run(BULK, () -> {
      throw new IllegalStateException("refused");
    })).hasMessage("refused");
    AtomicInteger ran = new AtomicInteger();
    gate.run(BULK, ran::incrementAndGet);
    assertThat(ran).hasValue(1);
  }

  @Test
  void atLeastOnePermit() {
    assertThatThrownBy(() -> new BulkWrites(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A bulk write that has taken a permit and keeps it until {@code release}. */
  private Future<?> holdingThePermit(BulkWrites gate, CountDownLatch release) throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    Future<?> write = pool.submit(() -> gate.run(BULK, () -> {
      holding.countDown();
      await(release);
    }));
    assertThat(holding.await(5, TimeUnit.SECONDS)).as("the first write got a permit").isTrue();
    return write;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
