package org.labtrack.tracking.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.labtrack.tracking.domain.ViewType;
import org.labtrack.tracking.domain.search.RunQuery;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * Prints search timings over 100k runs in one experiment (plus 100k runs of another experiment
 * sharing the metric keys). A measurement, not an assertion of speed; CI skips it. Run with
 * {@code ./mvnw -pl tracking-service test -Dtest=RunSearchTimingTest -Dlabtrack.search.timing=true}.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
@EnabledIfSystemProperty(named = "labtrack.search.timing", matches = "true")
class RunSearchTimingTest {
  private static final int RUNS = 100_000;

  @Inject
  RunSearchStore store;

  @Inject
  AgroalDataSource dataSource;

  @Test
  void timeSearchesOver100kRuns() {
    SearchSeed seed = new SearchSeed(dataSource);
    long exp = seed.experiment("timing-" + UUID.randomUUID());
    long noise = seed.experiment("timing-noise-" + UUID.randomUUID());
    long t0 = System.nanoTime();
    for (long e : new long[] {exp, noise}) {
      List<Object[]> runs = new ArrayList<>();
      List<Object[]> metrics = new ArrayList<>();
      List<Object[]> params = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        String id = SearchSeed.runId(e + "-" + i);
        runs.add(new Object[] {id, e, 1_700_000_000_000L + 1000L * i});
        int h = (id.hashCode() & 0x7fffffff);
        metrics.add(new Object[] {id, "acc", h % 100 == 0 ? Double.NaN : (h % 100_000) / 100_000.0});
        metrics.add(new Object[] {id, "loss", (h % 7919) / 100.0});
        params.add(new Object[] {id, "lr", "0." + (h % 10)});
      }
      seed.runs(runs);
      seed.metrics(metrics);
      seed.batch("INSERT INTO params (run_uuid, `key`, value) VALUES (?, ?, ?)",
          params.stream().map(p -> new Object[] {p[0], p[1], p[2]}).toList());
    }
    seed.exec("ANALYZE TABLE runs, latest_metrics, params");
    System.out.printf("seeded %d runs in 2 experiments in %.1f s%n", 2 * RUNS,
        (System.nanoTime() - t0) / 1e9);

    time("metric filter + metric order DESC, page 1 of 1000", () -> page(exp,
        "metrics.acc > 0.5", List.of("metrics.acc DESC"), 1000, null));
    time("metric filter + metric order ASC, page 1 of 1000", () -> page(exp,
        "metrics.acc > 0.5", List.of("metrics.acc ASC"), 1000, null));
    time("metric filter + metric order DESC, page 1 of 100", () -> page(exp,
        "metrics.acc > 0.5", List.of("metrics.acc DESC"), 100, null));
    String deep = pages(exp, "metrics.acc > 0.5", List.of("metrics.acc DESC"), 1000, 20);
    time("metric filter + metric order DESC, page 21 of 1000", () -> page(exp,
        "metrics.acc > 0.5", List.of("metrics.acc DESC"), 1000, deep));
    time("loss filter + acc order DESC, page 1 of 1000", () -> page(exp,
        "metrics.loss < 40", List.of("metrics.acc DESC"), 1000, null));
    time("no filter, default order, page 1 of 1000", () -> page(exp, null, List.of(), 1000, null));
    String deepDefault = pages(exp, null, List.of(), 1000, 50);
    time("no filter, default order, page 51 of 1000", () -> page(exp, null, List.of(), 1000,
        deepDefault));
    time("no filter, default order, page 1 of 100, ViewType.ALL", () -> store.search(
        new RunQuery(List.of(exp), null, ViewType.ALL, 100, List.of(), null)));
    time("param filter, default order, page 1 of 1000", () -> page(exp, "params.lr = '0.3'",
        List.of(), 1000, null));
    time("start_time DESC explicit, page 1 of 1000", () -> page(exp, null,
        List.of("attributes.start_time DESC"), 1000, null));
    time("(slow path) param order, page 1 of 1000", () -> page(exp, null,
        List.of("params.lr"), 1000, null));
  }

  private RunSearchStore.Page page(long exp, String filter, List<String> order, int size, String token) {
    RunSearchStore.Page page = store.search(new RunQuery(List.of(exp), filter, ViewType.ACTIVE_ONLY, size,
        order, token));
    assertThat(page.runIds()).hasSize(size);
    return page;
  }

  private String pages(long exp, String filter, List<String> order, int size, int count) {
    String token = null;
    for (int i = 0; i < count; i++) {
      token = page(exp, filter, order, size, token).nextPageToken();
    }
    return token;
  }

  private static void time(String label, Supplier<?> search) {
    for (int i = 0; i < 3; i++) {
      search.get();
    }
    double[] ms = new double[21];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      search.get();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("TIMING %-55s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", label,
        ms[ms.length / 2], ms[(int) (ms.length * 0.95)], ms[ms.length - 1]);
  }
}
