package org.labtrack.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** One LabTrack service as a child JVM, its output prefixed with its name. */
final class ServiceProcess implements Supervisor.Child {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /**
   * A JVM recording its archive writes it while it exits: JDK 25's AOT cache is assembled by a
   * second JVM the exiting one starts, which took tracking-service's stop from 4 to 7.5 s.
   */
  private static final Duration RECORDING_STOP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
  /** Quarkus' last line of a shutdown, once in-flight requests are done. */
  private static final Pattern STOPPED =
      Pattern.compile("\\[io\\.quarkus\\] .* stopped in [0-9.]+s");
  /** HotSpot's first line about a crash of the JVM itself (then hs_err_pid*.log). */
  private static final String JVM_CRASH =
      "A fatal error has been detected by the Java Runtime Environment";
  /** A JVM stopped by SIGTERM exits with 128 + 15 once its shutdown hooks have run. */
  private static final List<Integer> CLEAN_EXIT = List.of(0, 143);

  private final String name;
  private final Path jar;
  private final int port;
  private final Map<String, String> environment;
  private final List<String> jvmOptions;
  private final ClassDataArchive archive;
  /** Counted down when the service has shut down (its last line) or its output ended. */
  private volatile CountDownLatch shutDown;
  private volatile Process process;
  private volatile Thread pump;
  private volatile boolean healthy;
  /** This start maps the archive (rather than records one or runs without). */
  private volatile boolean mapping;
  private volatile boolean crashed;

  /** {@code archive}: null to start without one. */
  ServiceProcess(String name, Path jar, int port, List<String> jvmOptions,
      ClassDataArchive archive, Map<String, String> environment) {
    this.name = name;
    this.jar = jar;
    this.port = port;
    this.jvmOptions = jvmOptions;
    this.archive = archive;
    this.environment = environment;
  }

  @Override
  public void start() throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first with ./mvnw -B install "
          + "-DskipTests (or set LABTRACK_HOME to the checkout)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    mapping = archive != null && archive.recorded();
    if (archive != null) {
      command.addAll(archive.jvmOptions());
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    crashed = false;
    CountDownLatch stopped = new CountDownLatch(1);
    shutDown = stopped;
    Process started = builder.start();
    process = started;
    pump = new Thread(() -> pumpOutput(started, stopped), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Waits until the service answers its health check. A JVM that crashed mapping the service's
   * class-data archive (JDK 17 does on a truncated one) is started once more without it, which
   * records a new one.
   */
  @Override
  public void awaitHealthy() throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        pump.join(OUTPUT_DRAIN.toMillis()); // the crash report, if it crashed
        if (mapping && crashed) {
          archive.discard();
          Launcher.log(name + "'s JVM crashed mapping its class-data archive (its report is in "
              + "the data folder); removed the archive, starting " + name + " again without it");
          start();
          continue;
        }
        throw new IllegalStateException(name + " exited with " + process.exitValue());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          healthy = true;
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " did not become healthy within " + START_TIMEOUT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> exit() {
    Process current = process;
    return current != null && !current.isAlive()
        ? Optional.of("exited with " + current.exitValue()) : Optional.empty();
  }

  /**
   * SIGTERM, then waits until the service has shut down: it has finished its in-flight requests
   * and says so ("stopped in"), or has exited. Its JVM may still be exiting after that, writing
   * its class data; {@link #finishStop()} waits for it, so that the launcher can stop the next
   * service meanwhile.
   *
   * <p>The signal goes through the process handle: {@link Process#destroy()} also closes the
   * pipe the service writes its output to, so its last lines were lost and a JVM writing them
   * while it exits died of SIGPIPE (JDK 25's AOT cache is assembled just then).
   */
  void beginStop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.toHandle().destroy();
    try {
      shutDown.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits for the JVM to exit, then the hard way. A service that had served and then stopped
   * cleanly leaves its class-data archive for the next start.
   */
  void finishStop() {
    if (process == null) {
      return;
    }
    try {
      // This start's own choice: an archive it mapped and then discarded is not being recorded.
      boolean recording = archive != null && !mapping;
      Duration timeout = recording ? RECORDING_STOP_TIMEOUT : STOP_TIMEOUT;
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.toHandle().destroyForcibly();
        return;
      }
      pump.join(OUTPUT_DRAIN.toMillis()); // its last lines, before this JVM exits
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
      return;
    }
    if (healthy && archive != null && CLEAN_EXIT.contains(process.exitValue())) {
      archive.keepRecording();
    }
  }

  /** Passes the JVM's output on, watching for its shutdown, a crash and a refused archive. */
  private void pumpOutput(Process jvm, CountDownLatch stopped) {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean discarded = false;
      while ((line = out.readLine()) != null) {
        System.out.println("[" + name + "] " + line);
        if (STOPPED.matcher(line).find()) {
          stopped.countDown();
        } else if (line.contains(JVM_CRASH)) {
          crashed = true;
        } else if (mapping && !discarded && ClassDataArchive.reportsUnusable(line)) {
          // the JVM goes on without it; the next start records a new one
          archive.discard();
          discarded = true;
          Launcher.log(name + "'s JVM cannot use its class-data archive; removed it, the next "
              + "start records a new one");
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      stopped.countDown();
    }
  }
}
