package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
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
    BulkWrites gate = new BulkWrites(1, System::nanoTime);
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
    BulkWrites gate = new BulkWrites(1, System::nanoTime);
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
    BulkWrites gate = new BulkWrites(3, System::nanoTime);
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
    BulkWrites gate = new BulkWrites(1, System::nanoTime);
    assertThatThrownBy(() -> gate.run(BULK, () -> {
      throw new IllegalStateException("refused");
    })).hasMessage("refused");
    AtomicInteger ran = new AtomicInteger();
    gate.run(BULK, ran::incrementAndGet);
    assertThat(ran).hasValue(1);
  }

  @Test
  void aLargerWriteGoesAheadOfASmallerOneThatCameShortlyBefore() throws Exception {
    long headStart = (1000 - 400) * BulkWrites.HEAD_START_PER_VALUE;
    assertThat(admissionOrder(headStart / 2, 400, 1000)).containsExactly(1, 0);
  }

  @Test
  void aWriteThatHasWaitedLongerThanTheHeadStartGoesFirst() throws Exception {
    long headStart = (1000 - 400) * BulkWrites.HEAD_START_PER_VALUE;
    assertThat(admissionOrder(headStart + 1, 400, 1000)).containsExactly(0, 1);
  }

  @Test
  void writesOfOneSizeAreAdmittedInArrivalOrder() throws Exception {
    assertThat(admissionOrder(0, BULK, BULK, BULK)).containsExactly(0, 1, 2);
  }

  @Test
  void atLeastOnePermit() {
    assertThatThrownBy(() -> new BulkWrites(0, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The order (by arrival) in which bulk writes of {@code sizes} are admitted when each arrives
   * {@code gapNanos} after the one before, while the only permit is taken.
   */
  private List<Integer> admissionOrder(long gapNanos, int... sizes) throws Exception {
    AtomicLong clock = new AtomicLong();
    BulkWrites gate = new BulkWrites(1, clock::get);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder = holdingThePermit(gate, release);
    List<Integer> admitted = new CopyOnWriteArrayList<>();
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      int arrival = i;
      writes.add(pool.submit(() -> gate.run(sizes[arrival], () -> admitted.add(arrival))));
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting() > arrival);
      assertThat(gate.waiting()).as("writes waiting").isEqualTo(arrival + 1);
      clock.addAndGet(gapNanos);
    }
    release.countDown();
    holder.get(5, TimeUnit.SECONDS);
    for (Future<?> write : writes) {
      write.get(5, TimeUnit.SECONDS);
    }
    return admitted;
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
