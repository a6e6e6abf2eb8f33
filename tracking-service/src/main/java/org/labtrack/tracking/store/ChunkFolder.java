package org.labtrack.tracking.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Folds a metric history's small chunks into full ones. A history logged a point or a few per
 * request (MLflow's {@code log_metric} in a training loop) has a chunk per write; once a read
 * finds {@link #FOLD_AT} chunks of fewer than {@link #FULL_CHUNK} points, they are replaced by as
 * few full ones as hold their points (in history order, each point once), so later reads, and
 * the table, carry a row per thousand points instead. The points stay the same set, so the run's
 * data version, and what is kept in memory by it, stand.
 *
 * <p>Folds run after the read, one at a time on a thread of their own: a fold needs a
 * connection, and a read waiting for a second one while holding its own could empty the pool
 * under load. A history waits once however often it is read; while {@link #MAX_WAITING} wait,
 * others are left for a later read to find. {@code /q/metrics} counts the chunks folded and
 * the folds that failed ({@code labtrack_metric_chunks_folded_total},
 * {@code labtrack_metric_chunk_folds_failed_total}).
 */
@ApplicationScoped
public class ChunkFolder {
  /** Points in a full chunk: a whole log-batch's worth, as V7 packed the old rows. */
  static final int FULL_CHUNK = 1000;
  static final int FOLD_AT = 32;
  /** Chunks one transaction folds at most, which keeps its statements a few hundred KB. */
  static final int FOLD_LIMIT = 10_000;
  static final int MAX_WAITING = 1000;

  private static final Logger LOG = Logger.getLogger(ChunkFolder.class);

  private final NativeQueries queries;
  private final Transactions tx;
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "metric-chunk-folder");
    thread.setDaemon(true);
    return thread;
  });
  private final Counter chunksFolded;
  private final Counter foldsFailed;
  private volatile boolean stopping;

  ChunkFolder(NativeQueries queries, Transactions tx, MeterRegistry registry) {
    this.queries = queries;
    this.tx = tx;
    this.chunksFolded = Counter.builder("labtrack.metric.chunks.folded")
        .description("Small metric chunks folded into full ones").register(registry);
    this.foldsFailed = Counter.builder("labtrack.metric.chunk.folds.failed")
        .description("Folds of a history's small chunks that failed (the chunks stay as they "
            + "were)").register(registry);
  }

  /**
   * Called with the chunks a read found; has them folded when enough are small. Not for reads
   * inside a unit of work, which may hold chunks the fold would wait for.
   */
  void consider(String runUuid, String key, List<byte[]> chunks) {
    int small = 0;
    for (byte[] chunk : chunks) {
      small += chunk.length < FULL_CHUNK * Series.POINT_BYTES ? 1 : 0;
    }
    String id = runUuid + "/" + key;
    if (small < FOLD_AT || tx.active() || waiting.size() >= MAX_WAITING || !waiting.add(id)) {
      return;
    }
    try {
      worker.execute(() -> {
        try {
          // A fold takes at most FOLD_LIMIT chunks and leaves at most one of them small, so
          // this ends; a long history read for the first time is folded whole.
          int folded;
          do {
            folded = stopping ? 0 : tx.write(() -> fold(runUuid, key));
            chunksFolded.increment(folded);
          } while (folded > 0);
        } catch (RuntimeException e) {
          // Nothing is lost: the chunks stay as they were, and the next read asks again.
          LOG.warnf("Could not fold the chunks of metric '%s' of run %s: %s", key, runUuid, e);
          foldsFailed.increment();
        } finally {
          waiting.remove(id);
        }
      });
    } catch (RejectedExecutionException e) {
      waiting.remove(id); // shutting down
    }
  }

  /**
   * Folds the history's small chunks in the caller's unit of work, numbering the full ones with
   * the highest of their seqs. The chunks are locked as read, so folds of one history follow one
   * another; writers meanwhile append chunks numbered above every seq here and are not held up.
   * Answers how many chunks were folded: none, changing nothing, when fewer than
   * {@link #FOLD_AT} are small.
   */
  int fold(String runUuid, String key) {
    return queries.withConnection(c -> {
      List<Long> seqs = new ArrayList<>();
      List<byte[]> small = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT seq, points FROM metric_chunks "
          + "WHERE run_uuid = ? AND `key` = ? AND point_count < ? ORDER BY seq LIMIT ? "
          + "FOR UPDATE")) {
        s.setString(1, runUuid);
        s.setString(2, key);
        s.setInt(3, FULL_CHUNK);
        s.setInt(4, FOLD_LIMIT);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong(1));
            small.add(rs.getBytes(2));
          }
        }
      }
      if (seqs.size() < FOLD_AT) {
        return 0;
      }
      StringBuilder in = new StringBuilder();
      for (long seq : seqs) {
        in.append(in.isEmpty() ? "" : ", ").append(seq);
      }
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM metric_chunks "
          + "WHERE run_uuid = ? AND `key` = ? AND seq IN (" + in + ")")) {
        delete.setString(1, runUuid);
        delete.setString(2, key);
        delete.executeUpdate();
      }
      List<byte[]> folded = Series.decode(key, small).chunks(FULL_CHUNK);
      if (!folded.isEmpty()) {
        SqlRows rows = new SqlRows(MetricStore.INSERT_CHUNK, folded.size());
        int firstSeq = seqs.size() - folded.size();
        for (int i = 0; i < folded.size(); i++) {
          MetricStore.chunkRow(rows, runUuid, key, seqs.get(firstSeq + i), folded.get(i));
        }
        try (Statement insert = c.createStatement()) {
          insert.setEscapeProcessing(false);
          insert.executeUpdate(rows.sql(""));
        }
      }
      LOG.debugf("Folded %d chunks of metric '%s' of run %s into %d", seqs.size(), key, runUuid,
          folded.size());
      return seqs.size();
    });
  }

  /** Lets a fold under way finish; those still waiting are left for later reads. */
  @PreDestroy
  void stop() throws InterruptedException {
    stopping = true;
    worker.shutdown();
    worker.awaitTermination(10, TimeUnit.SECONDS);
  }
}
