package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.labtrack.it.support.MlflowRest.API;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labtrack.gateway.support.TestUser;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LoggedProcess;
import org.labtrack.it.support.StackClient;

/**
 * README's first command's artifact, {@code java -jar launcher/target/labtrack-launcher.jar}, on
 * a scratch data folder and free ports: it prints the first admin's password once, LabTrack
 * works through the gateway with it, a SIGTERM stops everything (services and the embedded
 * database), and a second start, with a larger database configured, finds the data where it
 * was, without a new password.
 */
class LauncherIT {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Pattern PASSWORD = Pattern.compile("password: (\\S{24})");
  /** A service's console line, "[tracking] 2026-11-28 10:50:30,402 WARN  [category] ...". */
  private static final Pattern SERVICE_WARNING =
      Pattern.compile("^\\[\\w+\\] \\S+ \\S+ (WARN|ERROR) ");

  @Test
  void firstStartLogRestartAndTheDataIsStillThere(@TempDir Path data) throws Exception {
    Path jar = launcherJar();
    Path logDir = logDir();
    int gatewayPort = LabTrackStack.freePort();
    Map<String, String> env = settings(data, gatewayPort);
    Path redoLog = data.resolve("labtrack-data/db/ib_logfile0");

    String password;
    String experimentId;
    String runId;
    Process first = LoggedProcess.start(LoggedProcess.java(List.of(), jar), env,
        logDir.resolve("first-start.log"));
    try {
      String console = awaitUp(first, logDir.resolve("first-start.log"), "first start");
      Matcher matcher = PASSWORD.matcher(console);
      assertThat(matcher.find()).as("the first start prints the admin password").isTrue();
      password = matcher.group(1);
      StackClient admin = client(gatewayPort, password);
      assertThat(client(gatewayPort, "wrong-password-123456")
          .get(API + "/experiments/get?experiment_id=0").status()).isEqualTo(401);

      experimentId = admin.post(API + "/experiments/create", Map.of("name", "launcher-smoke"))
          .ok().json().get("experiment_id").asText();
      runId = admin.post(API + "/runs/create", Map.of("experiment_id", experimentId))
          .ok().json().at("/run/info/run_id").asText();
      admin.post(API + "/runs/log-batch", Map.of("run_id", runId,
          "metrics", List.of(Map.of("key", "loss", "value", 0.25, "timestamp", 1, "step", 0),
              Map.of("key", "loss", "value", 0.125, "timestamp", 2, "step", 1)),
          "params", List.of(Map.of("key", "lr", "value", "0.01")))).ok();
      admin.put("/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId
          + "/artifacts/notes.txt", "kept across restarts".getBytes(), "text/plain").ok();
      assertThat(databaseSetting(env, "@@thread_handling"))
          .as("a thread per connection: tracking-service admits big writes itself (BulkWrites)")
          .isEqualTo("one-thread-per-connection");
      assertThat(databaseSetting(env, "@@innodb_buffer_pool_size")).isEqualTo("268435456");
    } catch (Throwable e) {
      stop(first);
      throw e;
    }
    ProcessHandle database = child(first, "--datadir=");
    List<ProcessHandle> exitOrder = stop(first);
    assertThat(first.exitValue()).as("the launcher's exit status after SIGTERM").isIn(0, 143);
    assertThat(exitOrder.get(exitOrder.size() - 1))
        .as("the database stops last: the services need it until their last request")
        .isEqualTo(database);
    // Each service's last line, passed on while it stopped; the gateway shut down first, as
    // its requests need the services behind it.
    assertThat(Files.readString(logDir.resolve("first-start.log")))
        .containsSubsequence("auth-gateway stopped in", "artifact-service stopped in",
            "tracking-service stopped in");
    assertThat(listening(gatewayPort)).as("the gateway is gone").isFalse();
    for (String port : List.of("LABTRACK_TRACKING_PORT", "LABTRACK_ARTIFACTS_PORT",
        "LABTRACK_DB_PORT")) {
      assertThat(listening(Integer.parseInt(env.get(port)))).as(port + " is free again").isFalse();
    }
    // Each service recorded its classes while it stopped, for the next start to map.
    Path classData = data.resolve("labtrack-data").resolve("class-data");
    try (Stream<Path> files = Files.list(classData)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .hasSize(3).allMatch(name -> name.endsWith(".jsa"))
          .anyMatch(name -> name.startsWith("tracking-"))
          .anyMatch(name -> name.startsWith("artifacts-"))
          .anyMatch(name -> name.startsWith("gateway-"));
    }

    assertThat(Files.size(redoLog)).as("the redo log is half the buffer pool")
        .isEqualTo(128L << 20);

    // The second start sizes the database anew: an existing redo log is resized, data kept.
    Map<String, String> resized = new HashMap<>(env);
    resized.put("LABTRACK_DB_BUFFER_POOL_MB", "512");
    Process second = LoggedProcess.start(LoggedProcess.java(List.of(), jar), resized,
        logDir.resolve("second-start.log"));
    try {
      String console = awaitUp(second, logDir.resolve("second-start.log"), "restart");
      assertThat(second.descendants().filter(p -> mapped(p, classData)).count())
          .as("services whose JVM mapped its class-data archive").isEqualTo(3);
      assertThat(PASSWORD.matcher(console).find()).as("no new password on a restart").isFalse();
      StackClient admin = client(gatewayPort, password);
      assertThat(admin.get(API + "/experiments/get-by-name?experiment_name=launcher-smoke").ok()
          .json().at("/experiment/experiment_id").asText()).isEqualTo(experimentId);
      var run = admin.get(API + "/runs/get?run_id=" + runId).ok().json().get("run");
      assertThat(run.at("/data/params/0/value").asText()).isEqualTo("0.01");
      assertThat(run.at("/data/metrics/0/value").asDouble()).isEqualTo(0.125);
      assertThat(admin.get(API + "/metrics/get-history?run_id=" + runId + "&metric_key=loss").ok()
          .json().get("metrics")).hasSize(2);
      assertThat(admin.get("/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId
          + "/artifacts/notes.txt").ok().text()).isEqualTo("kept across restarts");
      assertThat(Files.size(redoLog)).isEqualTo(256L << 20);
    } finally {
      stop(second);
    }

    startsAgainAfterADamagedArchive(jar, data, env, password, experimentId);
  }

  /**
   * What a service, the database or the launcher dying does. A killed service or database is
   * started again.
   * One launcher runs per data folder, and a killed one leaves nothing in the next one's way:
   * its services and database outlive it (SIGKILL gives it no chance to stop them), and the
   * next start on the folder stops them before it starts its own.
   */
  @Test
  void aKilledServiceComesBackAndAKilledLaunchersLeftoversAreStopped(@TempDir Path data)
      throws Exception {
    Path jar = launcherJar();
    Path logDir = logDir();
    int gatewayPort = LabTrackStack.freePort();
    Map<String, String> env = new HashMap<>(settings(data, gatewayPort));
    env.put("LABTRACK_CLASS_DATA_ARCHIVES", "false");

    Process killed = LoggedProcess.start(LoggedProcess.java(List.of(), jar), env,
        logDir.resolve("killed.log"));
    List<ProcessHandle> leftovers;
    String password;
    String experimentId;
    try {
      Matcher matcher = PASSWORD.matcher(awaitUp(killed, logDir.resolve("killed.log"), "start"));
      assertThat(matcher.find()).isTrue();
      password = matcher.group(1);
      experimentId = client(gatewayPort, password).post(API + "/experiments/create",
          Map.of("name", "outlived")).ok().json().get("experiment_id").asText();

      child(killed, "tracking-service").destroyForcibly();
      LoggedProcess.awaitLog(killed, logDir.resolve("killed.log"), "tracking is up again",
          START_TIMEOUT);
      assertThat(Files.readString(logDir.resolve("killed.log")))
          .contains("tracking exited with 137; starting it again");
      assertThat(client(gatewayPort, password).get(API + "/experiments/get?experiment_id="
          + experimentId).ok().json().at("/experiment/name").asText()).isEqualTo("outlived");

      // The database too; a request meeting the connections it left answers 503, which MLflow's
      // client retries.
      child(killed, "--datadir=").destroyForcibly();
      LoggedProcess.awaitLog(killed, logDir.resolve("killed.log"),
          "the embedded database is up again", START_TIMEOUT);
      assertThat(Files.readString(logDir.resolve("killed.log")))
          .contains("the embedded database exited; starting it again");
      StackClient admin = client(gatewayPort, password);
      assertThat(untilNot503(() -> admin.get(API + "/experiments/get?experiment_id="
          + experimentId)).ok().json().at("/experiment/name").asText()).isEqualTo("outlived");
      untilNot503(() -> admin.post(API + "/experiments/create",
          Map.of("name", "after the database came back"))).ok();

      Process second = LoggedProcess.start(LoggedProcess.java(List.of(), jar), env,
          logDir.resolve("refused.log"));
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("a second launcher gives up").isTrue();
      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(Files.readString(logDir.resolve("refused.log")))
          .contains("Another LabTrack launcher (pid " + killed.pid() + ") is running on the "
              + "data folder");
      assertThat(client(gatewayPort, password).get(API + "/experiments/get?experiment_id="
          + experimentId).status()).as("the running one goes on").isEqualTo(200);

      leftovers = killed.descendants().toList();
      assertThat(leftovers).as("the database and three services").hasSizeGreaterThanOrEqualTo(4);
      killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(leftovers).allMatch(ProcessHandle::isAlive);
    } catch (Throwable e) {
      killed.descendants().forEach(ProcessHandle::destroyForcibly);
      killed.destroyForcibly();
      throw e;
    }

    Process next = LoggedProcess.start(LoggedProcess.java(List.of(), jar), env,
        logDir.resolve("after-kill.log"));
    try {
      String console = awaitUp(next, logDir.resolve("after-kill.log"), "start after the kill");
      assertThat(console.lines().filter(line -> line.contains("left running on this data folder")))
          .hasSize(leftovers.size());
      assertThat(leftovers).noneMatch(ProcessHandle::isAlive);
      assertThat(client(gatewayPort, password).get(API + "/experiments/get?experiment_id="
          + experimentId).ok().json().at("/experiment/name").asText()).isEqualTo("outlived");
    } finally {
      stop(next);
    }
  }

  /**
   * A start that fails (here the gateway's port is taken) stops what did start and exits 1. The
   * launcher used to end its main thread with the exception and run on, the database and two
   * services up without a gateway, until someone killed it.
   */
  @Test
  void aStartThatFailsStopsWhatItStartedAndExits(@TempDir Path data) throws Exception {
    Path log = logDir().resolve("port-taken.log");
    try (ServerSocket taken = new ServerSocket(0)) {
      Map<String, String> env = new HashMap<>(settings(data, taken.getLocalPort()));
      env.put("LABTRACK_CLASS_DATA_ARCHIVES", "false");
      Process launcher = LoggedProcess.start(LoggedProcess.java(List.of(), launcherJar()), env,
          log);
      Set<ProcessHandle> started = new HashSet<>();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (launcher.isAlive() && System.nanoTime() < deadline) {
        launcher.descendants().forEach(started::add);
        Thread.sleep(100);
      }
      if (launcher.isAlive()) {
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        throw new AssertionError("the launcher ran on after its gateway could not start");
      }
      assertThat(launcher.exitValue()).isEqualTo(1);
      assertThat(Files.readString(log)).contains("LabTrack did not start: gateway exited with 1");
      assertThat(started).as("the database and the services had started")
          .hasSizeGreaterThanOrEqualTo(3);
      for (ProcessHandle child : started) {
        child.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * A truncated archive (a half-copied data folder) crashes JDK 17's JVM as it maps it (SIGBUS):
   * the launcher removes it, starts the service again without it, and the stop records a new one.
   * The crash report lands in the data folder, not in the directory the launcher was run from.
   */
  private static void startsAgainAfterADamagedArchive(Path jar, Path data, Map<String, String> env,
      String password, String experimentId) throws Exception {
    Path labtrackData = data.resolve("labtrack-data");
    Path archive = truncateToHalf(labtrackData.resolve("class-data"), "tracking");
    long truncatedSize = Files.size(archive);
    Path workingDir = Files.createDirectories(data.resolve("working-dir"));
    Path logDir = logDir();
    Process third = LoggedProcess.start(LoggedProcess.java(List.of(), jar), env,
        logDir.resolve("damaged-archive.log"), workingDir);
    try {
      String console = awaitUp(third, logDir.resolve("damaged-archive.log"),
          "start with a damaged archive");
      assertThat(console).contains("A fatal error has been detected by the Java Runtime",
          "[labtrack] tracking's JVM crashed mapping its class-data archive");
      assertThat(client(Integer.parseInt(env.get("LABTRACK_PORT")), password)
          .get(API + "/experiments/get-by-name?experiment_name=launcher-smoke").ok()
          .json().at("/experiment/experiment_id").asText()).isEqualTo(experimentId);
    } finally {
      stop(third);
    }
    assertThat(Files.size(archive)).as("recorded again by the clean stop")
        .isGreaterThan(truncatedSize);
    try (Stream<Path> files = Files.list(labtrackData)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(name -> name.matches("hs_err_pid\\d+\\.log"));
    }
    try (Stream<Path> files = Files.list(workingDir)) {
      assertThat(files).as("nothing left where the launcher was run").isEmpty();
    }
  }

  /**
   * From JDK 25 on the launcher keeps an AOT cache per service instead of a dynamic archive
   * (ClassDataArchive): recorded by the first start's clean stop, mapped by the next. Runs with
   * the JDK that {@code LABTRACK_IT_JDK25} names (.ci/run sets it when the machine has one).
   */
  @Test
  void onJdk25EachServiceKeepsAnAotCache(@TempDir Path data) throws Exception {
    String jdk25 = System.getenv("LABTRACK_IT_JDK25");
    assumeTrue(jdk25 != null && !jdk25.isBlank(), "LABTRACK_IT_JDK25 names no JDK 25+");
    Path java = Path.of(jdk25, "bin", "java").toRealPath();
    List<String> command = LoggedProcess.java(Path.of(jdk25), List.of(), launcherJar());
    Path logDir = LabTrackStack.logDir("launcher-jdk25");
    Files.createDirectories(logDir);
    int gatewayPort = LabTrackStack.freePort();
    Map<String, String> env = settings(data, gatewayPort);

    String password;
    String experimentId;
    Process first = LoggedProcess.start(command, env, logDir.resolve("first-start.log"));
    try {
      String console = awaitUp(first, logDir.resolve("first-start.log"), "first start");
      assertThat(first.descendants().map(p -> p.info().command().orElse(""))
          .filter(c -> c.equals(java.toString())).count())
          .as("the three services on the launcher's JDK 25").isEqualTo(3);
      Matcher matcher = PASSWORD.matcher(console);
      assertThat(matcher.find()).isTrue();
      password = matcher.group(1);
      experimentId = client(gatewayPort, password)
          .post(API + "/experiments/create", Map.of("name", "on-jdk-25"))
          .ok().json().get("experiment_id").asText();
    } finally {
      stop(first);
    }
    Path classData = data.resolve("labtrack-data").resolve("class-data");
    try (Stream<Path> files = Files.list(classData)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("one AOT cache a service, and nothing the recording left behind")
          .hasSize(3).allMatch(name -> name.endsWith(".aot"));
    }

    Process second = LoggedProcess.start(command, env, logDir.resolve("second-start.log"));
    try {
      String console = awaitUp(second, logDir.resolve("second-start.log"), "restart");
      assertThat(second.descendants().filter(p -> mapped(p, classData)).count())
          .as("services whose JVM mapped its AOT cache").isEqualTo(3);
      assertThat(client(gatewayPort, password)
          .get(API + "/experiments/get-by-name?experiment_name=on-jdk-25").ok()
          .json().at("/experiment/experiment_id").asText()).isEqualTo(experimentId);
    } finally {
      stop(second);
    }

    // JDK 25 starts without a cache it cannot use, and says so: the launcher removes it, so that
    // the next start records a new one instead of every start going without.
    Path cache = truncateToHalf(classData, "gateway");
    Process third = LoggedProcess.start(command, env, logDir.resolve("damaged-cache.log"));
    try {
      String console = awaitUp(third, logDir.resolve("damaged-cache.log"),
          "start with a damaged cache");
      assertThat(console)
          .contains("[labtrack] gateway's JVM cannot use its class-data archive; removed it");
      assertThat(cache).doesNotExist();
      assertThat(client(gatewayPort, password)
          .get(API + "/experiments/get-by-name?experiment_name=on-jdk-25").ok()
          .json().at("/experiment/experiment_id").asText()).isEqualTo(experimentId);
    } finally {
      stop(third);
    }
  }

  /** Cuts {@code service}'s archive in {@code classData} to half, as a copy broken off. */
  private static Path truncateToHalf(Path classData, String service) throws IOException {
    Path archive;
    try (Stream<Path> files = Files.list(classData)) {
      archive = files.filter(f -> f.getFileName().toString().startsWith(service + "-"))
          .findFirst().orElseThrow();
    }
    archive.toFile().setWritable(true); // the JVM writes it read-only
    try (FileChannel file = FileChannel.open(archive, StandardOpenOption.WRITE)) {
      file.truncate(file.size() / 2);
    }
    return archive;
  }

  private static Path launcherJar() {
    Path jar = LabTrackStack.home().resolve("launcher/target/labtrack-launcher.jar");
    assertThat(jar).as("build the launcher first").isRegularFile();
    return jar;
  }

  /** Where the launchers' consoles go. */
  private static Path logDir() throws IOException {
    return Files.createDirectories(LabTrackStack.logDir("launcher"));
  }

  /** The launcher's settings for a scratch data folder and free ports. */
  private static Map<String, String> settings(Path data, int gatewayPort) {
    return Map.of(
        "LABTRACK_DATA_DIR", data.resolve("labtrack-data").toString(),
        "LABTRACK_PORT", Integer.toString(gatewayPort),
        "LABTRACK_TRACKING_PORT", Integer.toString(LabTrackStack.freePort()),
        "LABTRACK_ARTIFACTS_PORT", Integer.toString(LabTrackStack.freePort()),
        "LABTRACK_DB_PORT", Integer.toString(LabTrackStack.freePort()),
        // Management ports anywhere free: the derived ones could be taken on a busy machine.
        "LABTRACK_GATEWAY_MANAGEMENT_PORT", "0",
        "LABTRACK_TRACKING_MANAGEMENT_PORT", "0",
        "LABTRACK_ARTIFACTS_MANAGEMENT_PORT", "0",
        // small, so that the redo log (half of it) costs the test little disk
        "LABTRACK_DB_BUFFER_POOL_MB", "256");
  }

  /**
   * Waits until the launcher says LabTrack is up; its console so far, in which no service may
   * have logged a warning ({@code start} names the start in the failure).
   */
  private static String awaitUp(Process launcher, Path log, String start) throws Exception {
    String console = LoggedProcess.awaitLog(launcher, log, "LabTrack is up", START_TIMEOUT);
    assertThat(warnings(console)).as("warnings of the " + start).isEmpty();
    return console;
  }

  /** What the services logged at WARN or ERROR; a start on sound settings logs neither. */
  private static List<String> warnings(String console) {
    return console.lines().filter(line -> SERVICE_WARNING.matcher(line).find()).toList();
  }

  /** A server variable of the running embedded database, read as the service's user. */
  private static String databaseSetting(Map<String, String> env, String variable)
      throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:"
            + env.get("LABTRACK_DB_PORT") + "/labtrack?sslMode=DISABLED", "root", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT " + variable)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  /** Whether the process has a file of {@code folder} mapped into memory (Linux). */
  private static boolean mapped(ProcessHandle process, Path folder) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps"))
          .contains(folder.toRealPath() + "/");
    } catch (IOException e) {
      return false; // it has gone
    }
  }

  private static StackClient client(int port, String password) {
    return StackClient.of("http://127.0.0.1:" + port)
        .withAuthorization(TestUser.basic("admin", password));
  }

  /**
   * SIGTERM, as Ctrl-C or a service manager; kills what is left only if that fails. Returns the
   * launcher's descendants in the order they exited, seen every 10 ms ({@code onExit} of another
   * process's child polls 300 ms apart at first, then ever more slowly).
   */
  private static List<ProcessHandle> stop(Process launcher) throws Exception {
    List<ProcessHandle> children = launcher.descendants().toList();
    List<ProcessHandle> exited = new CopyOnWriteArrayList<>();
    Thread watcher = new Thread(() -> {
      while (exited.size() < children.size()) {
        children.stream().filter(child -> !child.isAlive() && !exited.contains(child))
            .forEach(exited::add);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "exit-order");
    watcher.start();
    launcher.destroy();
    if (!launcher.waitFor(3, TimeUnit.MINUTES)) {
      watcher.interrupt();
      children.forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("The launcher did not stop within 3 minutes of SIGTERM");
    }
    for (ProcessHandle child : children) {
      child.onExit().get(30, TimeUnit.SECONDS);
    }
    watcher.join(1_000);
    return List.copyOf(exited);
  }

  /** The launcher's child whose command line has {@code part} in an argument. */
  private static ProcessHandle child(Process launcher, String part) {
    return launcher.children()
        .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).stream()
            .anyMatch(argument -> argument.contains(part)))
        .findFirst().orElseThrow(() -> new AssertionError("no child with " + part));
  }

  /** The answer to {@code request}, sent again while it is 503 (for up to 30 s). */
  private static StackClient.Reply untilNot503(Callable<StackClient.Reply> request)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    StackClient.Reply response = request.call();
    while (response.status() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      response = request.call();
    }
    return response;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
