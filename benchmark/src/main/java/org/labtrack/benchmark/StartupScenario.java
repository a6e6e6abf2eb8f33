package org.labtrack.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.labtrack.launcher.ClassDataArchive;

/**
 * Start-up time and idle RSS of each service's JVM build, started alone four times: first (with
 * tracking-service on an empty database, so that start runs the migrations; it also records
 * the service's class-data archive while it stops, as the launcher does), again without the
 * archive, again with it, as the launcher starts services from their second start on (on a JDK
 * 25+ the archive is an AOT cache, as the launcher keeps there), and with the archive its
 * container image records while it is built (no database then). Each start reports the time
 * from process start to the first healthy answer, Quarkus' own "started in", and RSS after it
 * idled (ten seconds unless told otherwise).
 */
final class StartupScenario {
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
  /** The recording step of a Dockerfile.jvm: its java options after jar, archive and port. */
  private static final Pattern IMAGE_RECORDING = Pattern.compile(
      "record-class-data\\.sh /deployments/quarkus-run\\.jar \\S+ \\d+([^\\n]*)");

  private StartupScenario() {
  }

  private record Start(long healthyMs, String quarkusSays, long rssMb) {
    @Override
    public String toString() {
      return healthyMs + " / " + quarkusSays + " / " + rssMb;
    }
  }

  static void run(Path checkout, String dbUrl, String dbUser, String dbPassword,
      Duration idle) throws Exception {
    // absolute: the image's recording script runs the service from a scratch directory
    Path home = checkout.toAbsolutePath().normalize();
    Path scratch = Files.createTempDirectory("labtrack-startup");
    // Ports free now, so that a stack or a second run on the machine does not get in the way.
    int trackingPort = freePort();
    int artifactsPort = freePort();
    int gatewayPort = freePort();
    List<Service> services = List.of(
        new Service("tracking-service", trackingPort, Map.of(
            "TRACKING_PORT", Integer.toString(trackingPort),
            "TRACKING_MANAGEMENT_PORT", Integer.toString(freePort()), "TRACKING_DB_URL", dbUrl,
            "TRACKING_DB_USER", dbUser, "TRACKING_DB_PASSWORD", dbPassword,
            "TRACKING_DB_VERSION_CHECK", "false")),
        new Service("artifact-service", artifactsPort, Map.of(
            "ARTIFACTS_PORT", Integer.toString(artifactsPort),
            "ARTIFACTS_MANAGEMENT_PORT", Integer.toString(freePort()),
            "ARTIFACTS_STORE", "filesystem",
            "ARTIFACTS_FS_ROOT", scratch.resolve("artifacts").toString())),
        new Service("auth-gateway", gatewayPort, Map.of(
            "GATEWAY_PORT", Integer.toString(gatewayPort),
            "GATEWAY_MANAGEMENT_PORT", Integer.toString(freePort()),
            "GATEWAY_BOOTSTRAP_ADMIN", "true",
            "GATEWAY_USERS_FILE", scratch.resolve("users.properties").toString(),
            "GATEWAY_ROLES_FILE", scratch.resolve("roles.properties").toString(),
            "GATEWAY_TRACKING_URL", "http://127.0.0.1:" + trackingPort,
            "GATEWAY_ARTIFACTS_URL", "http://127.0.0.1:" + artifactsPort)));
    System.out.printf(Locale.ROOT, "%n== start-up (JVM mode, %s; to healthy ms / Quarkus' "
        + "\"started in\" s / idle RSS MB)%n%-18s %-22s %-22s %-22s %-22s%n",
        System.getProperty("java.version"), "service", "first start", "restart",
        "restart + class data", "image's class data");
    try {
      for (Service service : services) {
        String name = service.name();
        int port = service.port();
        Map<String, String> env = service.env();
        Path jar = home.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        ClassDataArchive archive = ClassDataArchive.of(scratch.resolve("class-data"), name, jar);
        Start first = start(jar, port, env, archive.jvmOptions(), idle);
        archive.keepRecording();
        Start again = start(jar, port, env, List.of(), idle);
        Start mapped = start(jar, port, env, archive.jvmOptions(), idle);
        Path imageArchive = scratch.resolve(name + "-image.jsa");
        recordAsImageBuildDoes(home, name, jar, imageArchive, env);
        Start image = start(jar, port, env, List.of("-XX:SharedArchiveFile=" + imageArchive,
            "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), idle);
        System.out.printf(Locale.ROOT, "%-18s %-22s %-22s %-22s %-22s%n", name, first, again,
            mapped, image);
      }
    } finally {
      // the archives alone are a few hundred MB a run
      deleteTree(scratch);
    }
  }

  private record Service(String name, int port, Map<String, String> env) {
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * The class-data archive as the service's Dockerfile.jvm records it: its recording script with
   * the Dockerfile's own arguments, and no database reachable, as during an image build.
   */
  private static void recordAsImageBuildDoes(Path home, String service, Path jar, Path archive,
      Map<String, String> env) throws Exception {
    String dockerfile = Files.readString(home.resolve(service)
        .resolve("src/main/docker/Dockerfile.jvm")).replace("\\\n", " ");
    Matcher run = IMAGE_RECORDING.matcher(dockerfile);
    if (!run.find()) {
      throw new IllegalStateException(service + "'s Dockerfile.jvm records no class-data archive");
    }
    String managementPort = env.entrySet().stream()
        .filter(e -> e.getKey().endsWith("_MANAGEMENT_PORT")).findFirst().orElseThrow()
        .getValue();
    List<String> command = new ArrayList<>(List.of("bash",
        home.resolve("deploy/scripts/record-class-data.sh").toString(), jar.toString(),
        archive.toString(), managementPort));
    String options = run.group(1).trim();
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    pb.environment().put("TRACKING_DB_URL", "jdbc:mysql://127.0.0.1:1/none");
    // The script runs the java on its PATH, in an image the image's own: here this JVM, which
    // starts the service afterwards and maps only an archive it recorded itself.
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin")
        + File.pathSeparator + System.getenv("PATH"));
    int status = pb.start().waitFor();
    if (status != 0 || !Files.isRegularFile(archive)) {
      throw new IllegalStateException("recording " + service + "'s image archive failed");
    }
  }

  /** Starts the service, waits until it is healthy, lets it idle, reads its RSS, stops it. */
  private static Start start(Path jar, int port, Map<String, String> env, List<String> jvmOptions,
      Duration idle) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process process = pb.start();
    AtomicReference<String> quarkusSays = new AtomicReference<>("?");
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream()))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            quarkusSays.set(m.group(1));
          }
        }
      } catch (Exception e) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      long healthyMs = (awaitHealthy(port, process) - start) / 1_000_000;
      Thread.sleep(idle.toMillis());
      // By pid: a running stack built from the same checkout has the very same command line.
      long rssKb = ArtifactScenario.RssSampler.rssKb(process.pid());
      return new Start(healthyMs, quarkusSays.get(), rssKb / 1024);
    } finally {
      // Not Process.destroy(): it closes the output pipe, and JDK 25 assembles its AOT cache
      // in a child JVM that writes to it while the service exits (the launcher does the same).
      process.toHandle().destroy();
      process.waitFor();
    }
  }

  private static long awaitHealthy(int port, Process process) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/health")).timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return System.nanoTime();
        }
      } catch (Exception e) {
        // not up yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("service on port " + port + " did not become healthy");
  }
}
