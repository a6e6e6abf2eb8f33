package org.labtrack.tracking.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** Many clients registering versions of one model at once get 1..n, no gap, no duplicate. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ConcurrentVersionCreationTest {
  private static final int THREADS = 24;
  private static final int PER_THREAD = 5;

  @Test
  void concurrentRegistrationsNumberVersionsWithoutGapsOrDuplicates() throws Exception {
    String name = unique("race");
    createModel(name);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<String> versions = new ArrayList<>();
          for (int i = 0; i < PER_THREAD; i++) {
            var response = json().body(Map.of("name", name,
                    "source", "s3://bucket/t" + thread + "/" + i))
                .post("/api/2.0/mlflow/model-versions/create").then().extract();
            assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(200);
            versions.add(response.path("model_version.version"));
          }
          return versions;
        }));
      }
      start.countDown();
      List<Integer> all = new ArrayList<>();
      for (Future<List<String>> result : results) {
        result.get().forEach(v -> all.add(Integer.parseInt(v)));
      }
      int total = THREADS * PER_THREAD;
      assertThat(all).hasSize(total).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
    List<String> stored = get("/model-versions/search", Map.of("filter", "name = '" + name + "'",
        "order_by", "version_number ASC")).statusCode(200).extract().path("model_versions.source");
    assertThat(stored).hasSize(THREADS * PER_THREAD).doesNotHaveDuplicates();
    get("/registered-models/get", Map.of("name", name)).statusCode(200);
  }
}
