package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * A history logged a point at a time is folded into full chunks after it is read, and reads the
 * same before and after; folds racing each other and writers lose and add nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ChunkFoldingTest {
  @Inject
  AgroalDataSource dataSource;
  @Inject
  ChunkFolder folder;
  @Inject
  MeterRegistry registry;
  @Inject
  Transactions tx;

  @Test
  void aHistoryLoggedPointByPointIsFoldedAfterItIsReadAndReadsTheSame() throws Exception {
    String run = newRun();
    for (int step = 39; step >= 0; step--) { // out of order, as a resumed loop may log
      logMetric(run, step * 0.5, 1000 + step, step);
    }
    logMetric(run, 2.5, 1005, 5); // a retried request: the same point again
    logMetric(run, 7.0, 1005, 5); // another value at the same time and step: a point of its own
    assertThat(stored(run)).hasSize(42);

    long lastSeq = stored(run).get(41).seq();
    double foldedBefore = chunksFolded();

    List<Map<String, Object>> before = history(run);
    assertThat(before).hasSize(41);
    awaitStored(run, List.of(new Stored(lastSeq, 41)));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> chunksFolded() >= foldedBefore + 42); // on /q/metrics
    assertThat(history(run)).isEqualTo(before);
    List<Object> steps = before.stream().map(p -> p.get("step")).toList();
    assertThat(steps.subList(0, 7)).containsExactly(0, 1, 2, 3, 4, 5, 5);
  }

  @Test
  void fullChunksStayAndOnlyTheSmallOnesAreFolded() throws Exception {
    String run = newRun();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int step = 0; step < ChunkFolder.FULL_CHUNK; step++) {
      batch.add(Map.of("key", "loss", "value", step, "timestamp", 1000 + step, "step", step));
    }
    post("/runs/log-batch", Map.of("run_id", run, "metrics", batch)).statusCode(200);
    Stored full = stored(run).get(0);
    for (int step = 1000; step < 1000 + ChunkFolder.FOLD_AT; step++) {
      logMetric(run, step, 1000 + step, step);
    }

    long lastSeq = stored(run).get(ChunkFolder.FOLD_AT).seq();

    List<Map<String, Object>> history = history(run);
    assertThat(history).hasSize(ChunkFolder.FULL_CHUNK + ChunkFolder.FOLD_AT);
    assertThat(history.get(history.size() - 1).get("step"))
        .isEqualTo(999 + ChunkFolder.FOLD_AT);
    awaitStored(run, List.of(full, new Stored(lastSeq, ChunkFolder.FOLD_AT)));
    assertThat(history(run)).isEqualTo(history);
  }

  @Test
  void fewSmallChunksAreLeftAsTheyAre() throws Exception {
    String run = newRun();
    for (int step = 0; step < ChunkFolder.FOLD_AT - 1; step++) {
      logMetric(run, step, 1000 + step, step);
    }
    assertThat(tx.write(() -> folder.fold(run, "loss"))).isZero();
    assertThat(stored(run)).hasSize(ChunkFolder.FOLD_AT - 1);
    assertThat(history(run)).hasSize(ChunkFolder.FOLD_AT - 1);
  }

  /** More small chunks than one transaction folds: the folder goes on until few are left. */
  @Test
  void aLongFragmentedHistoryIsFoldedWhole() throws Exception {
    String run = newRun();
    int points = ChunkFolder.FOLD_LIMIT + 50;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO metric_chunks "
            + "(run_uuid, `key`, seq, point_count, points) VALUES (?, 'loss', ?, 1, ?)")) {
      for (int step = 0; step < points; step++) {
        s.setString(1, run);
        s.setLong(2, step);
        s.setBytes(3, Series.encode(List.of(MetricStore.Point.of("loss", step, 1000 + step,
            step))));
        s.addBatch();
      }
      s.executeBatch();
    }
    List<Map<String, Object>> history = history(run);
    assertThat(history).hasSize(points);

    await().atMost(Duration.ofSeconds(60)).until(() -> stored(run).size() < ChunkFolder.FOLD_AT);
    assertThat(stored(run)).extracting(Stored::points)
        .containsExactly(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 50);
    assertThat(history(run)).isEqualTo(history);
  }

  @Test
  void twoFoldsOfOneHistoryAtOnceFoldItOnce() throws Exception {
    String run = newRun();
    for (int step = 0; step < ChunkFolder.FOLD_AT; step++) {
      logMetric(run, step, 1000 + step, step);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> folds = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        folds.add(pool.submit(() -> {
          start.await();
          return tx.write(() -> folder.fold(run, "loss"));
        }));
      }
      start.countDown();
      assertThat(List.of(folds.get(0).get(), folds.get(1).get()))
          .containsExactlyInAnyOrder(ChunkFolder.FOLD_AT, 0);
    } finally {
      pool.shutdownNow();
    }
    assertThat(stored(run)).extracting(Stored::points).containsExactly(ChunkFolder.FOLD_AT);
    assertThat(history(run)).hasSize(ChunkFolder.FOLD_AT);
  }

  @Test
  void writersAndFoldingReadersTogetherLoseNothing() throws Exception {
    String run = newRun();
    int writers = 4;
    int perWriter = 60;
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writes.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            int step = writer * perWriter + i;
            logMetric(run, step, 1000 + step, step);
          }
        }));
      }
      List<Future<Integer>> reads = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        reads.add(pool.submit(() -> {
          int count = 0;
          while (writing.get()) {
            assertThat(history(run).size()).isLessThanOrEqualTo(writers * perWriter);
            count++;
          }
          return count;
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      writing.set(false);
      for (Future<Integer> read : reads) {
        assertThat(read.get()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    Set<Object> steps = new HashSet<>();
    for (Map<String, Object> point : history(run)) {
      assertThat(steps.add(point.get("step"))).isTrue();
      assertThat(((Number) point.get("value")).intValue()).isEqualTo(point.get("step"));
    }
    assertThat(steps).hasSize(writers * perWriter);
    history(run); // has what the last writes left small folded
    await().atMost(Duration.ofSeconds(20))
        .until(() -> stored(run).size() < ChunkFolder.FOLD_AT);
    assertThat(stored(run).stream().mapToInt(Stored::points).sum()).isEqualTo(writers * perWriter);
  }

  private record Stored(long seq, int points) {
  }

  private static String newRun() {
    return createRun(createExperiment(unique("folding")));
  }

  private static void logMetric(String run, double value, long timestamp, long step) {
    post("/runs/log-metric", Map.of("run_id", run, "key", "loss", "value", value,
        "timestamp", timestamp, "step", step)).statusCode(200);
  }

  private static List<Map<String, Object>> history(String run) {
    List<Map<String, Object>> points = get("/metrics/get-history",
        Map.of("run_id", run, "metric_key", "loss")).statusCode(200).extract().jsonPath()
        .getList("metrics");
    return points == null ? List.of() : points;
  }

  private double chunksFolded() {
    return registry.find("labtrack.metric.chunks.folded").counter().count();
  }

  private void awaitStored(String run, List<Stored> expected) {
    await().atMost(Duration.ofSeconds(20)).until(() -> stored(run).equals(expected));
  }

  /** The run's chunks of "loss" in seq order, as the table holds them. */
  private List<Stored> stored(String run) throws Exception {
    List<Stored> chunks = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT seq, point_count, points "
            + "FROM metric_chunks WHERE run_uuid = ? AND `key` = 'loss' ORDER BY seq")) {
      s.setString(1, run);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getBytes(3)).hasSize(rs.getInt(2) * Series.POINT_BYTES);
          chunks.add(new Stored(rs.getLong(1), rs.getInt(2)));
        }
      }
    }
    return chunks;
  }
}
