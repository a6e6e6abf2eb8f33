package org.labtrack.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of every process on this machine (Linux {@code /proc}), so a phase can say which
 * processes its load landed on: when the server runs on the loader's machine, as in the
 * benchmark's own set-up, that is where a request's cost goes (database, services, gateway,
 * loader). Elsewhere it finds nothing and prints nothing.
 */
final class ProcessCpu {
  /** Linux reports process times in USER_HZ ticks, 100 per second on every architecture. */
  private static final double TICKS_PER_SECOND = 100;

  record Usage(String name, double cpuSeconds) {
  }

  private record Entry(String name, long ticks) {
  }

  private final Map<Long, Entry> byPid;

  private ProcessCpu(Map<Long, Entry> byPid) {
    this.byPid = byPid;
  }

  static ProcessCpu now() {
    Map<Long, Entry> byPid = new HashMap<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(dir -> {
            try {
              long pid = Long.parseLong(dir.getFileName().toString());
              String stat = Files.readString(dir.resolve("stat"));
              String name = pid == self ? "loader (this benchmark)"
                  : name(commOf(stat), Files.readAllBytes(dir.resolve("cmdline")));
              byPid.put(pid, new Entry(name, ticksOf(stat)));
            } catch (IOException | RuntimeException e) {
              // the process ended while we looked
            }
          });
    } catch (IOException e) {
      // not Linux
    }
    return new ProcessCpu(byPid);
  }

  /**
   * The processes that used CPU since {@code before}, most first, those under {@code minShare}
   * of the total left out.
   */
  List<Usage> since(ProcessCpu before, double minShare) {
    List<Usage> used = new ArrayList<>();
    long total = 0;
    for (var e : byPid.entrySet()) {
      Entry earlier = before.byPid.get(e.getKey());
      long ticks = e.getValue().ticks() - (earlier == null ? 0 : earlier.ticks());
      if (ticks > 0) {
        used.add(new Usage(e.getValue().name(), ticks / TICKS_PER_SECOND));
        total += ticks;
      }
    }
    double floor = total / TICKS_PER_SECOND * minShare;
    used.removeIf(u -> u.cpuSeconds() < floor);
    used.sort(Comparator.comparingDouble(Usage::cpuSeconds).reversed());
    return used;
  }

  /** utime + stime from a {@code /proc/<pid>/stat} line, whose name may hold spaces or ')'. */
  static long ticksOf(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // after the name: state is field 3 of proc(5), utime 14 and stime 15
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  static String commOf(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  /**
   * A readable name: for a JVM the jar it runs ({@code tracking-service} for a Quarkus build's
   * {@code tracking-service/target/quarkus-app/quarkus-run.jar}), otherwise the command's name.
   */
  static String name(String comm, byte[] cmdline) {
    String[] args = new String(cmdline, StandardCharsets.UTF_8).split("\0");
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-jar")) {
        Path jar = Path.of(args[i + 1]);
        Path app = jar.getParent();
        boolean quarkusBuild = jar.getFileName().toString().equals("quarkus-run.jar")
            && app != null && app.getParent() != null && app.getParent().getParent() != null;
        return quarkusBuild ? app.getParent().getParent().getFileName().toString()
            : jar.getFileName().toString();
      }
    }
    return comm;
  }
}
