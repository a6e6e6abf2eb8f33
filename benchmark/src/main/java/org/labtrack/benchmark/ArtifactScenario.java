package org.labtrack.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * A large artifact up and down through the gateway, with throughput, an end-to-end checksum,
 * the peak RSS of every LabTrack process on this machine, and the same bytes written straight
 * to a local folder as the baseline.
 */
final class ArtifactScenario {
  private ArtifactScenario() {
  }

  static void run(Http.Factory http, long size, Path baselineDir, Path stackHome)
      throws Exception {
    Http setup = http.create(new Stats());
    String experiment = Workloads.createExperiment(setup, "bench-artifact");
    String run = setup.post("setup", "runs/create", Payloads.createRun(experiment))
        .path("run").path("info").path("run_id").asText();
    String path = "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run
        + "/artifacts/big.bin";
    Phase phase = new Phase("artifact of " + human(size) + " through the gateway");
    Http h = http.create(phase.stats);
    // The services' jar paths, not just their names: another checkout's stack on the same
    // machine (tests, a second engineer) must not be mistaken for the one being measured.
    RssSampler rss = new RssSampler(Map.of("tracking", jar(stackHome, "tracking-service"),
        "artifacts", jar(stackHome, "artifact-service"), "gateway", jar(stackHome, "auth-gateway")));
    rss.start();
    long[] crcUp = new long[1];
    long[] crcDown = new long[1];
    double[] seconds = new double[2];
    phase.run(1, 1, (u, i) -> {
      long start = System.nanoTime();
      int status = h.put("PUT " + human(size), path, size, () -> {
        Pattern p = new Pattern(size);
        crcUp[0] = -1;
        return p.onEnd(crc -> crcUp[0] = crc);
      });
      seconds[0] = (System.nanoTime() - start) / 1e9;
      ScaleScenarios.check(status == 200, "upload answered " + status);
      start = System.nanoTime();
      crcDown[0] = h.download("GET " + human(size), path, ArtifactScenario::crcOf);
      seconds[1] = (System.nanoTime() - start) / 1e9;
    });
    rss.stop();
    phase.print(Map.of());
    System.out.printf(Locale.ROOT, "upload %.0f MB/s, download %.0f MB/s, checksum %s%n",
        size / 1e6 / seconds[0], size / 1e6 / seconds[1],
        crcUp[0] == crcDown[0] ? "matches" : "MISMATCH");
    rss.print();
    if (baselineDir != null) {
      Files.createDirectories(baselineDir);
      Path file = baselineDir.resolve("labtrack-baseline.bin");
      long start = System.nanoTime();
      try (InputStream in = new Pattern(size); OutputStream out = Files.newOutputStream(file)) {
        in.transferTo(out);
      }
      double baseline = (System.nanoTime() - start) / 1e9;
      Files.deleteIfExists(file);
      System.out.printf(Locale.ROOT, "baseline: the same bytes written straight to %s at %.0f"
              + " MB/s; upload through LabTrack reached %.0f%% of it%n", baselineDir,
          size / 1e6 / baseline, 100 * baseline / seconds[0]);
    }
  }

  static String jar(Path home, String service) {
    return home.toAbsolutePath().normalize().resolve(service)
        .resolve("target/quarkus-app/quarkus-run.jar").toString();
  }

  static String human(long bytes) {
    return bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
  }

  private static long crcOf(InputStream in) {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 20];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        crc.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return crc.getValue();
  }

  /** {@code size} pseudo-random bytes made on the fly, with their CRC32C at the end. */
  static final class Pattern extends InputStream {
    private static final byte[] BLOCK = new byte[1 << 20];

    static {
      new Random(42).nextBytes(BLOCK);
    }

    private final long size;
    private final CRC32C crc = new CRC32C();
    private long position;
    private java.util.function.LongConsumer end = c -> { };

    Pattern(long size) {
      this.size = size;
    }

    Pattern onEnd(java.util.function.LongConsumer consumer) {
      this.end = consumer;
      return this;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        end.accept(crc.getValue());
        return -1;
      }
      int offset = (int) (position % BLOCK.length);
      int n = (int) Math.min(Math.min(len, BLOCK.length - offset), size - position);
      System.arraycopy(BLOCK, offset, b, off, n);
      crc.update(b, off, n);
      position += n;
      return n;
    }
  }

  /** Samples VmRSS of processes whose command line names each service. */
  static final class RssSampler {
    private final Map<String, String> services;
    private final Map<String, Long> peakKb = new LinkedHashMap<>();
    private volatile boolean running;
    private Thread thread;

    RssSampler(Map<String, String> services) {
      this.services = services;
    }

    void start() {
      running = true;
      thread = new Thread(() -> {
        while (running) {
          services.forEach((name, marker) -> {
            long kb = rssKb(marker);
            if (kb > 0) {
              peakKb.merge(name, kb, Math::max);
            }
          });
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    void print() {
      if (peakKb.isEmpty()) {
        System.out.println("peak RSS: no process found running " + services.values()
            + "; pass --stack-home");
        return;
      }
      StringBuilder line = new StringBuilder("peak RSS during the transfer:");
      peakKb.forEach((name, kb) -> line.append(String.format(Locale.ROOT, " %s %d MB", name,
          kb / 1024)));
      System.out.println(line);
    }

    /** The RSS of one process, 0 if it is gone. */
    static long rssKb(long pid) {
      try {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (l.startsWith("VmRSS:")) {
            return Long.parseLong(l.replaceAll("\\D", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process went away
      }
      return 0;
    }

    /** The largest RSS among processes whose command line contains {@code marker}. */
    static long rssKb(String marker) {
      long max = 0;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : (Iterable<Path>) procs::iterator) {
          if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")));
            if (cmd.contains(marker) && !cmd.contains("labtrack-benchmark")) {
              max = Math.max(max, rssKb(Long.parseLong(proc.getFileName().toString())));
            }
          } catch (IOException | RuntimeException e) {
            // the process went away
          }
        }
      } catch (IOException e) {
        return 0;
      }
      return max;
    }
  }
}
