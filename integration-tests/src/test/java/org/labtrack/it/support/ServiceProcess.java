package org.labtrack.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code quarkus-run.jar}) as a child JVM with its own environment, its
 * output appended to a log file. It can be stopped (SIGTERM, as an orchestrator would) and
 * started again with the same settings.
 */
final class ServiceProcess {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private final String name;
  private final Path jar;
  private final int port;
  private final Map<String, String> environment;
  private final List<String> jvmOptions;
  private final Path logFile;
  private Process process;
  private boolean started;

  ServiceProcess(String name, Path jar, int port, Map<String, String> environment,
      List<String> jvmOptions, Path logFile) {
    this.name = name;
    this.jar = jar;
    this.port = port;
    this.environment = Map.copyOf(environment);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.logFile = logFile;
  }

  /** Launches the JVM; {@link #awaitHealthy()} waits until it serves. */
  synchronized void start() {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the services first "
          + "(./mvnw -B install -DskipTests, or run the whole reactor)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    try {
      Files.createDirectories(logFile.getParent());
      // A new stack starts a fresh log; a restart appends to it.
      Files.writeString(logFile, "==== " + Instant.now() + " starting " + name + " on port " + port
          + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
      started = true;
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
  }

  /** Waits until {@code GET /health} answers 200; fails early when the process exits. */
  void awaitHealthy() {
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Process current = process;
      if (current == null || !current.isAlive()) {
        throw new IllegalStateException(name + " exited" + (current == null ? ""
            : " with status " + current.exitValue()) + "; its log " + logFile + " ends with:\n"
            + tail());
      }
      try {
        if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " did not become healthy within " + START_TIMEOUT
        + "; its log " + logFile + " ends with:\n" + tail());
  }

  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, so the service shuts down as it would under an orchestrator; then the hard way. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Kills the process at once (for the JVM shutdown hook). */
  synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  Path logFile() {
    return logFile;
  }

  /** The last lines of the log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
