package org.labtrack.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One measured phase: virtual users running iterations back to back (k6's model), with wall
 * time, the loader's own CPU, the whole machine's CPU and each process's share of it measured
 * around it, so a loader limit is never mistaken for a server limit.
 */
final class Phase {
  interface Iteration {
    void run(int user, int iteration) throws Exception;
  }

  final String name;
  final Stats stats = new Stats();
  private long wallNanos;
  private double loaderCores;
  private double machineBusy;
  private List<ProcessCpu.Usage> processes = List.of();

  Phase(String name) {
    this.name = name;
  }

  Phase run(int users, int iterations, Iteration body) throws InterruptedException {
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    Cpu before = Cpu.now();
    ProcessCpu processesBefore = ProcessCpu.now();
    long start = System.nanoTime();
    for (int u = 0; u < users; u++) {
      int user = u;
      Thread t = new Thread(() -> {
        for (int i = 0; i < iterations; i++) {
          try {
            body.run(user, i);
          } catch (Exception e) {
            firstFailure.compareAndSet(null, e);
          }
        }
      }, name + "-vu-" + u);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    wallNanos = System.nanoTime() - start;
    Cpu after = Cpu.now();
    processes = ProcessCpu.now().since(processesBefore, 0.02);
    loaderCores = (after.process - before.process) / (double) wallNanos;
    machineBusy = after.busyShare(before);
    if (firstFailure.get() != null) {
      System.out.println("  (first failure in " + name + ": " + firstFailure.get().getMessage() + ")");
    }
    return this;
  }

  /**
   * Runs {@code body} as the phase would, into its own statistics, and prints only a line about
   * it: a JVM server (and this loader, a fresh JVM each run) spends its first several thousand
   * requests compiling, which a server that has run for a while no longer pays.
   */
  static void warmUp(String name, int users, int iterations,
      Function<Stats, Iteration> body) throws InterruptedException {
    if (iterations <= 0) {
      return;
    }
    Phase warm = new Phase(name + " warm-up");
    warm.run(users, iterations, body.apply(warm.stats));
    long errors = warm.stats.snapshot().values().stream().mapToLong(e -> e.errors.sum()).sum();
    System.out.printf(Locale.ROOT, "%n(%s warm-up, not counted: %d users x %d iterations, %d "
        + "requests in %.1f s = %.0f req/s, %d errors)%n", name, users, iterations,
        warm.stats.totalRequests(), warm.seconds(), warm.throughput(), errors);
  }

  double seconds() {
    return wallNanos / 1e9;
  }

  double throughput() {
    return stats.totalRequests() / seconds();
  }

  void print(Map<String, Double> p50Targets) {
    System.out.printf(Locale.ROOT, "%n== %s: %d requests in %.1f s = %.0f req/s; loader CPU %.2f cores"
            + " (%d available), machine busy %.0f%%%n", name, stats.totalRequests(), seconds(),
        throughput(), loaderCores, Runtime.getRuntime().availableProcessors(), machineBusy * 100);
    System.out.printf(Locale.ROOT, "%-34s %8s %6s %9s %9s %9s %9s %10s%n", "endpoint", "requests",
        "errors", "p50 ms", "p95 ms", "p99 ms", "req/s", "p50 target");
    stats.snapshot().forEach((label, e) -> {
      var h = e.latency;
      Double target = p50Targets.get(label);
      String verdict = target == null ? "" : String.format(Locale.ROOT, "%s %.0f",
          h.getValueAtPercentile(50) / 1e6 <= target ? "ok ≤" : "MISS >", target);
      System.out.printf(Locale.ROOT, "%-34s %8d %6d %9.2f %9.2f %9.2f %9.1f %10s%n", label,
          h.getTotalCount(), e.errors.sum(), h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6,
          h.getTotalCount() / seconds(), verdict);
    });
    if (!processes.isEmpty() && stats.totalRequests() > 0) {
      StringBuilder line = new StringBuilder("CPU per request by process on this machine (ms):");
      for (ProcessCpu.Usage u : processes) {
        line.append(String.format(Locale.ROOT, " %s %.2f,", u.name(),
            u.cpuSeconds() * 1000 / stats.totalRequests()));
      }
      line.setLength(line.length() - 1);
      System.out.println(line.append(" (each under 2 % of the phase's CPU left out)"));
    }
  }

  /** The loader process's CPU time and the machine's busy/total jiffies. */
  record Cpu(long process, long busy, long total) {
    static Cpu now() {
      long process = ((com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
      long busy = 0;
      long total = 0;
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        for (int i = 1; i < f.length; i++) {
          long v = Long.parseLong(f[i]);
          total += v;
          if (i != 4 && i != 5) {
            busy += v; // all but idle and iowait
          }
        }
      } catch (Exception e) {
        // not Linux: machine share unknown
      }
      return new Cpu(process, busy, total);
    }

    double busyShare(Cpu before) {
      long t = total - before.total;
      return t == 0 ? 0 : (busy - before.busy) / (double) t;
    }
  }
}
