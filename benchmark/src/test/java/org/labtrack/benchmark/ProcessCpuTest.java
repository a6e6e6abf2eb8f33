package org.labtrack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void readsCpuTicksPastANameWithSpacesAndParentheses() {
    String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1200 0 3 0 731 269 0 0 20 0 "
        + "31 0 5000 3000000000 20000 18446744073709551615";
    assertThat(ProcessCpu.commOf(stat)).isEqualTo("my (odd) name");
    assertThat(ProcessCpu.ticksOf(stat)).isEqualTo(731 + 269);
  }

  @Test
  void namesAJvmByTheBuildItRuns() {
    assertThat(ProcessCpu.name("java", cmdline("/usr/bin/java", "-Xmx768m", "-jar",
        "/srv/labtrack/tracking-service/target/quarkus-app/quarkus-run.jar")))
        .isEqualTo("tracking-service");
    assertThat(ProcessCpu.name("java", cmdline("java", "-jar", "launcher/target/app.jar")))
        .isEqualTo("app.jar");
    assertThat(ProcessCpu.name("mariadbd", cmdline("/usr/sbin/mariadbd", "--port=3607")))
        .isEqualTo("mariadbd");
  }

  @Test
  void findsTheCpuThisProcessSpent() {
    if (!Files.isRegularFile(Path.of("/proc/self/stat"))) {
      return; // not Linux: the benchmark prints no process table there either
    }
    ProcessCpu before = ProcessCpu.now();
    long spinUntil = System.nanoTime() + 300_000_000L;
    long sink = 0;
    while (System.nanoTime() < spinUntil) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
    var used = ProcessCpu.now().since(before, 0);
    assertThat(used).as("sink %d", sink)
        .anySatisfy(u -> {
          assertThat(u.name()).isEqualTo("loader (this benchmark)");
          assertThat(u.cpuSeconds()).isGreaterThanOrEqualTo(0.1);
        });
    assertThat(used).isSortedAccordingTo((a, b) -> Double.compare(b.cpuSeconds(),
        a.cpuSeconds()));
  }

  private static byte[] cmdline(String... args) {
    return (String.join("\0", args) + "\0").getBytes(StandardCharsets.UTF_8);
  }
}
