package org.labtrack.tracking.store;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import org.labtrack.tracking.config.TrackingConfig;

/**
 * Admits large log-batch writes a few at a time; every other write goes straight through.
 *
 * <p>Many large inserts running at once into the metric tables contend inside InnoDB: under the
 * logging benchmark a thread per database connection spent a fifth more database CPU per
 * request, and a one-point log-metric waited 17-23 ms behind them. With at most three at a time
 * the small writes' p50 fell to 5-8 ms at the same throughput, while the 1000-point batch, which
 * now queues, took 80-95 ms instead of 45-56 (BENCHMARKS.md, twentieth session). A training
 * loop's per-step writes are the ones a user waits on.
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

  private final Semaphore permits;

  @Inject
  BulkWrites(TrackingConfig config) {
    this(config.bulkWritePermits());
  }

  BulkWrites(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("tracking.bulk-write-permits must be at least 1");
    }
    this.permits = new Semaphore(permits, true);
  }

  /** Runs {@code write} of {@code values} metric points, params and tags, admitted first. */
  public void run(int values, Runnable write) {
    if (values <= THRESHOLD) {
      write.run();
      return;
    }
    permits.acquireUninterruptibly();
    try {
      write.run();
    } finally {
      permits.release();
    }
  }
}
