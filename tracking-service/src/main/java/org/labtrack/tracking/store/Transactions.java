package org.labtrack.tracking.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a unit of work in its own transaction and runs it again when the database picked it as a
 * deadlock victim or a lock wait timed out. Clients never see those: MLflow's client would retry
 * a 5xx for minutes, and a write here is safe to repeat because every write is idempotent.
 */
@ApplicationScoped
public class Transactions {
  private static final Logger LOG = Logger.getLogger(Transactions.class);
  private static final int MAX_ATTEMPTS = 8;

  public <T> T write(Supplier<T> work) {
    return retrying(() -> QuarkusTransaction.requiringNew().call(work::get));
  }

  public void write(Runnable work) {
    write(() -> {
      work.run();
      return null;
    });
  }

  /** Runs {@code transaction}, a whole transaction, again while it fails on a lock conflict. */
  public <T> T retrying(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !DatabaseFailures.isLockConflict(e)) {
          throw e;
        }
        LOG.debugf("Lock conflict on attempt %d, running the transaction again", attempt);
        backoff(attempt);
      }
    }
  }

  /** Whether the calling thread is inside a unit of work. */
  public boolean active() {
    return QuarkusTransaction.isActive();
  }

  private static void backoff(int attempt) {
    long ceiling = Math.min(200, 5L << attempt);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while retrying a transaction", e);
    }
  }
}
