package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.labtrack.it.support.MlflowRest.API;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labtrack.gateway.support.TestUser;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;
import org.labtrack.it.support.LoggedProcess;
import org.labtrack.it.support.TestDatabase;

/**
 * The benchmark's jar, run as BENCHMARKS.md runs it. Against the shared stack, a short logging
 * and retrieval run with a warm-up: every request succeeds, the printed figures count only the
 * measured iterations, and the warm-up's requests reached the server all the same. And the
 * start-up scenario, which starts the packaged services itself.
 */
@LabTrackTest
class BenchmarkIT {
  /** A service's start-up row: four starts, each "ms to healthy / Quarkus' seconds / RSS MB". */
  private static final Pattern STARTUP_ROW = Pattern.compile(
      "^(tracking-service|artifact-service|auth-gateway)"
          + "(?:\\s+\\d+ / \\d+\\.\\d+ / \\d+){4}\\s*$", Pattern.MULTILINE);
  /** An endpoint's row: label, requests, errors, then the latencies. */
  private static final Pattern ROW = Pattern.compile(
      "^((?:runs|experiments|metrics)/[\\w/ -]*?)\\s+(\\d+)\\s+(\\d+)\\s+\\d", Pattern.MULTILINE);

  private final LabTrackStack stack;

  BenchmarkIT(LabTrackStack stack) {
    this.stack = stack;
  }

  @Test
  void aShortRunWithAWarmUpCountsOnlyWhatItMeasures(@TempDir Path dir) throws Exception {
    TestUser editor = stack.editor();
    String out = runBenchmark(List.of(), List.of("--url", stack.gatewayUrl(),
        "--user", editor.user(), "--password", editor.password(),
        "--scenarios", "logging,retrieval",
        "--users", "2", "--iterations", "2", "--warm-up", "1", "--preload-runs", "4"), dir);

    // 8 requests a logging iteration, 5 a retrieval one; 2 users, so 4 of each in the tables.
    assertThat(out).contains("(logging warm-up, not counted: 2 users x 1 iterations, 16 requests")
        .contains("== logging: 32 requests")
        .contains("(retrieval warm-up, not counted: 2 users x 1 iterations, 10 requests")
        .contains("== retrieval: 20 requests")
        .doesNotContain("first failure");
    Matcher row = ROW.matcher(out);
    int rows = 0;
    while (row.find()) {
      rows++;
      assertThat(row.group(3)).as("errors of " + row.group(1)).isEqualTo("0");
      assertThat(row.group(2)).as("requests of " + row.group(1)).isEqualTo("4");
    }
    assertThat(rows).as(out).isEqualTo(8 + 5);

    // The warm-up's iterations logged to the same experiment as the measured ones: 2 x (1 + 2)
    // runs, each finished with every metric and param the iteration logs.
    JsonNode experiments = stack.client(editor).post(API + "/experiments/search", Map.of(
        "filter", "name LIKE 'bench-logging-%'", "max_results", 10)).ok().json()
        .path("experiments");
    assertThat(experiments).hasSize(1);
    JsonNode runs = stack.client(editor).post(API + "/runs/search", Map.of(
        "experiment_ids", List.of(experiments.get(0).path("experiment_id").asText()),
        "max_results", 100)).ok().json().path("runs");
    assertThat(runs).hasSize(6);
    for (JsonNode run : runs) {
      assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
      assertThat(run.path("data").path("metrics")).hasSize(1 + 500);
      assertThat(run.path("data").path("params")).hasSize(110);
    }
  }

  /**
   * The start-up scenario as BENCHMARKS.md's commands give it: from the checkout, with
   * {@code --startup-home .}. Each service starts four times, the last from the archive its
   * Dockerfile's recording script makes; that script runs the service from a scratch directory,
   * so a relative jar path once made it record nothing and the scenario fail. What the scenario
   * writes (the archives, a few hundred MB) is gone when it ends.
   */
  @Test
  void theStartupScenarioRunsFromTheCheckoutAsDocumented(@TempDir Path dir) throws Exception {
    TestDatabase database = TestDatabase.create();
    try {
      Path tmp = Files.createDirectory(dir.resolve("tmp"));
      String out = runBenchmark(List.of("-Djava.io.tmpdir=" + tmp), List.of(
          "--scenarios", "startup", "--startup-home", ".",
          "--startup-db-url", database.jdbcUrl(), "--startup-db-user", database.user(),
          "--startup-db-password", database.password(), "--startup-idle-seconds", "1"), dir);
      Matcher row = STARTUP_ROW.matcher(out);
      List<String> services = new ArrayList<>();
      while (row.find()) {
        services.add(row.group(1));
      }
      assertThat(services).as(out)
          .containsExactly("tracking-service", "artifact-service", "auth-gateway");
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).as("the scenario's scratch directory, archives included").isEmpty();
      }
    } finally {
      database.drop();
    }
  }

  /**
   * Runs the benchmark's jar from the checkout, as BENCHMARKS.md does, with {@code jvmOptions}
   * and {@code args}; its output, once it has exited with 0.
   */
  private static String runBenchmark(List<String> jvmOptions, List<String> args, Path dir)
      throws Exception {
    Path home = LabTrackStack.home();
    Path jar = home.resolve("benchmark/target/labtrack-benchmark.jar");
    assertThat(jar).as("build the benchmark first").isRegularFile();
    List<String> command = new ArrayList<>(LoggedProcess.java(jvmOptions, jar));
    command.addAll(args);
    Path log = dir.resolve("benchmark.log");
    Process benchmark = LoggedProcess.start(command, Map.of(), log, home);
    try {
      assertThat(benchmark.waitFor(8, TimeUnit.MINUTES)).as("the benchmark finished").isTrue();
    } finally {
      benchmark.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(benchmark.exitValue()).as(out).isZero();
    return out;
  }
}
