package org.labtrack.tracking.store;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.labtrack.tracking.config.TrackingConfig;

/**
 * Admits large log-batch writes a few at a time; every other write goes straight through.
 *
 * <p>Many large inserts running at once into the metric tables contend inside InnoDB: under the
 * logging benchmark a thread per database connection spent a fifth more database CPU per
 * request, and a one-point log-metric waited 17-23 ms behind them. With at most three at a time
 * the small writes' p50 fell to 5-8 ms at the same throughput (BENCHMARKS.md, twentieth
 * session). A training loop's per-step writes are the ones a user waits on.
 *
 * <p>Waiting writes are admitted in order of arrival, except that each value a write holds
 * moves its place {@link #HEAD_START_PER_VALUE} earlier. A full 1000-value batch (the most
 * metrics MLflow's clients put in one request) thus goes ahead of a 400-value one that came up to
 * 120 ms before it, but never of one that has waited longer, so no write waits for ever. In plain
 * arrival order the two waited alike (about 100 ms under the logging benchmark), and the full
 * batch missed its 80 ms target, which the issue sets for it and for no size in between; with
 * the head start it meets it, and the 400-value batch waits about half as long again
 * (BENCHMARKS.md, twenty-first session).
 *
 * <p>A write is admitted before it takes a database connection, so waiting writes hold none.
 * Created at start-up, so that a permit count below one stops the start rather than failing
 * every large log-batch.
 */
@Startup
@ApplicationScoped
public class BulkWrites {
  /**
   * More values than this in one write make it bulk: a log-batch of MLflow's largest param
   * chunk (100) is not, one of its metric chunks of a few hundred points or more is.
   */
  static final int THRESHOLD = 200;

  /** How much earlier each value of a waiting write places it in the queue. */
  static final long HEAD_START_PER_VALUE = TimeUnit.MICROSECONDS.toNanos(200);

  /** A write waiting for a permit; its permit is handed to it by the write that releases one. */
  private static final class Waiting {
    final long place;
    final long arrival; // breaks ties in order of arrival
    final Condition admitted;
    boolean hasPermit;

    Waiting(long place, long arrival, Condition admitted) {
      this.place = place;
      this.arrival = arrival;
      this.admitted = admitted;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Waiting> queue = new PriorityQueue<>(
      Comparator.<Waiting>comparingLong(w -> w.place).thenComparingLong(w -> w.arrival));
  private final LongSupplier nanoTime;
  private int free;
  private long arrivals;

  @Inject
  BulkWrites(TrackingConfig config) {
    this(config.bulkWritePermits(), System::nanoTime);
  }

  BulkWrites(int permits, LongSupplier nanoTime) {
    if (permits < 1) {
      throw new IllegalArgumentException("tracking.bulk-write-permits must be at least 1");
    }
    this.free = permits;
    this.nanoTime = nanoTime;
  }

  /** Runs {@code write} of {@code values} metric points, params and tags, admitted first. */
  public void run(int values, Runnable write) {
    if (values <= THRESHOLD) {
      write.run();
      return;
    }
    admit(values);
    try {
      write.run();
    } finally {
      release();
    }
  }

  /** How many writes wait for a permit. */
  int waiting() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private void admit(int values) {
    lock.lock();
    try {
      if (free > 0) { // then nobody waits: a released permit goes to a waiting write first
        free--;
        return;
      }
      Waiting me = new Waiting(nanoTime.getAsLong() - values * HEAD_START_PER_VALUE, arrivals++,
          lock.newCondition());
      queue.add(me);
      while (!me.hasPermit) {
        me.admitted.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  private void release() {
    lock.lock();
    try {
      Waiting next = queue.poll();
      if (next == null) {
        free++;
      } else {
        next.hasPermit = true;
        next.admitted.signal();
      }
    } finally {
      lock.unlock();
    }
  }
}
