package org.labtrack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  @Test
  void aScenarioNamedTwiceRunsOnceAndAnUnknownOneIsRefused() {
    assertThat(Benchmark.scenarios("logging,retrieval,logging"))
        .containsExactly("logging", "retrieval");
    assertThat(Benchmark.scenarios(" history ")).containsExactly("history");
    assertThatThrownBy(() -> Benchmark.scenarios("logging,loging"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown scenario 'loging' (the scenarios: logging,cost,");
  }
}
