package org.labtrack.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A child process whose output goes to a log file, and the wait for a line in that log. */
public final class LoggedProcess {
  private LoggedProcess() {
  }

  /** Starts {@code command} with {@code env} added, stdout and stderr into {@code log}. */
  public static Process start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    return start(command, env, log, null);
  }

  /** As {@link #start(List, Map, Path)}, in {@code directory} (null: this JVM's). */
  public static Process start(List<String> command, Map<String, String> env, Path log,
      Path directory) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(directory == null ? null : directory.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** {@code java -jar <jar>} with this JVM's java and {@code options} before {@code -jar}. */
  public static List<String> java(List<String> options, Path jar) {
    return java(Path.of(System.getProperty("java.home")), options, jar);
  }

  /** As {@link #java(List, Path)}, with the java of the JDK or JRE at {@code javaHome}. */
  public static List<String> java(Path javaHome, List<String> options, Path jar) {
    List<String> command = new java.util.ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(options);
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  /**
   * Waits until the log holds {@code marker}; the log so far. Fails, with the log, when the
   * process exits first or the timeout passes.
   */
  public static String awaitLog(Process process, Path log, String marker, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String console = Files.readString(log, StandardCharsets.UTF_8);
      if (console.contains(marker)) {
        return console;
      }
      if (!process.isAlive()) {
        throw new AssertionError("Exited with " + process.exitValue() + " before \"" + marker
            + "\":\n" + console);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("No \"" + marker + "\" within " + timeout + ":\n"
        + Files.readString(log, StandardCharsets.UTF_8));
  }
}
