package org.labtrack.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs LabTrack on one machine with embedded defaults: an embedded MariaDB (the same database
 * kind, driver and migrations as production), artifacts in a local folder, and the three
 * services as child processes behind the gateway on port 5000. Everything it keeps lives in one
 * data folder, so a restart finds the experiments where it left them.
 *
 * <p>Settings (environment): {@code LABTRACK_DATA_DIR} (default {@code ./labtrack-data}),
 * {@code LABTRACK_PORT} (gateway, 5000), {@code LABTRACK_TRACKING_PORT} (8081),
 * {@code LABTRACK_ARTIFACTS_PORT} (8082), {@code LABTRACK_DB_PORT} (3307),
 * {@code LABTRACK_DB_BUFFER_POOL_MB} (an eighth of memory, 256 to 2048),
 * {@code LABTRACK_GATEWAY_MANAGEMENT_PORT}, {@code LABTRACK_TRACKING_MANAGEMENT_PORT},
 * {@code LABTRACK_ARTIFACTS_MANAGEMENT_PORT} (see {@link Settings}; 0 = any free port),
 * {@code LABTRACK_HOME} (where the built services are; found from this jar by default),
 * {@code LABTRACK_CLASS_DATA_ARCHIVES} (true: each service keeps a {@link ClassDataArchive} in
 * the data folder, which starts it faster from its second start on).
 */
public final class Launcher {
  private Launcher() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Settings settings = Settings.fromEnvironment();
    DataFolder folder;
    try {
      folder = DataFolder.claim(settings.dataDir());
    } catch (IllegalStateException e) {
      log(e.getMessage());
      System.exit(1);
      return;
    }
    log("data folder " + settings.dataDir());

    EmbeddedDatabase database = new EmbeddedDatabase(settings.dataDir().resolve("db"),
        settings.dbPort(), settings.dbBufferPoolMb());
    folder.stopLeftovers(database.commandLineMark());
    List<ServiceProcess> services = new ArrayList<>();
    Supervisor supervisor = new Supervisor();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log("stopping");
      supervisor.stopping();
      // Gateway first, each once the one before has finished its requests (the gateway's need
      // the services behind it). Their JVMs then exit side by side, which takes seconds when
      // they write their class data.
      for (int i = services.size() - 1; i >= 0; i--) {
        services.get(i).beginStop();
      }
      for (ServiceProcess service : services) {
        service.finishStop();
      }
      database.stop(); // last: the services needed it until their last request
    }, "labtrack-shutdown"));

    try {
      database.start();
      for (ServiceProcess service : services(settings, folder, database.jdbcUrl("labtrack"))) {
        services.add(service);
        service.start();
      }
      for (ServiceProcess service : services) {
        service.awaitHealthy();
      }
    } catch (Exception e) {
      // A taken port, a service that exits or never answers. The exception alone would end
      // main but not the JVM: the database and the services that did start would run on, with
      // no gateway, until someone killed them. The shutdown hook stops them.
      log("LabTrack did not start: " + e.getMessage() + " (its output is above)");
      System.exit(1);
    }
    log("LabTrack is up: export MLFLOW_TRACKING_URI=http://localhost:" + settings.gatewayPort()
        + " (sign in as admin; the first start printed its password above). Ctrl-C stops it.");
    // The database first: after both crashed, the services need it to start.
    List<Supervisor.Child> children = new ArrayList<>(List.of(database));
    children.addAll(services);
    if (!supervisor.watch(children)) {
      System.exit(1); // the shutdown hook stops the rest
    }
  }

  /** tracking-service, artifact-service and the gateway, in the order they start. */
  private static List<ServiceProcess> services(Settings settings, DataFolder folder,
      String jdbcUrl) {
    // A fresh secret each start: only these child processes ever need to know it.
    String secret = randomHex(32);

    ServiceProcess tracking = service(settings, folder, "tracking", "tracking-service",
        settings.trackingPort(), jvm("768m", false), Map.of(
        "TRACKING_PORT", Integer.toString(settings.trackingPort()),
        "TRACKING_MANAGEMENT_PORT", Integer.toString(settings.trackingManagementPort()),
        "TRACKING_DB_URL", jdbcUrl,
        "TRACKING_DB_USER", EmbeddedDatabase.USER,
        "TRACKING_DB_PASSWORD", "",
        "LABTRACK_INTERNAL_SECRET", secret));
    ServiceProcess artifacts = service(settings, folder, "artifacts", "artifact-service",
        settings.artifactsPort(), jvm("128m", true), Map.of(
        "ARTIFACTS_PORT", Integer.toString(settings.artifactsPort()),
        "ARTIFACTS_MANAGEMENT_PORT", Integer.toString(settings.artifactsManagementPort()),
        "ARTIFACTS_STORE", "filesystem",
        "ARTIFACTS_FS_ROOT", settings.dataDir().resolve("artifacts").toString(),
        "ARTIFACTS_TRACKING_URL", "http://127.0.0.1:" + settings.trackingPort(),
        "LABTRACK_INTERNAL_SECRET", secret));
    ServiceProcess gateway = service(settings, folder, "gateway", "auth-gateway",
        settings.gatewayPort(), jvm("192m", true), Map.of(
        "GATEWAY_PORT", Integer.toString(settings.gatewayPort()),
        "GATEWAY_MANAGEMENT_PORT", Integer.toString(settings.gatewayManagementPort()),
        "GATEWAY_TRACKING_URL", "http://127.0.0.1:" + settings.trackingPort(),
        "GATEWAY_ARTIFACTS_URL", "http://127.0.0.1:" + settings.artifactsPort(),
        "GATEWAY_USERS_FILE", settings.dataDir().resolve("users.properties").toString(),
        "GATEWAY_ROLES_FILE", settings.dataDir().resolve("roles.properties").toString(),
        "GATEWAY_BOOTSTRAP_ADMIN", "true",
        "LABTRACK_INTERNAL_SECRET", secret));
    return List.of(tracking, artifacts, gateway);
  }

  private static ServiceProcess service(Settings settings, DataFolder folder, String name,
      String module, int port, List<String> jvmOptions, Map<String, String> environment) {
    Path jar = settings.home().resolve(module + "/target/quarkus-app/quarkus-run.jar");
    ClassDataArchive archive = settings.classDataArchives() && Files.isRegularFile(jar)
        ? ClassDataArchive.of(settings.dataDir().resolve("class-data"), name, jar) : null;
    List<String> options = new ArrayList<>(jvmOptions);
    // A crashing JVM's report goes with the rest of LabTrack's files, not wherever it was run.
    options.add("-XX:ErrorFile=" + settings.dataDir().toAbsolutePath().resolve("hs_err_pid%p.log"));
    options.add(folder.serviceMark());
    return new ServiceProcess(name, jar, port, options, archive, environment);
  }

  static void log(String message) {
    System.out.println("[labtrack] " + message);
  }

  /**
   * A bounded heap. Left alone, each JVM may grow to a quarter of the machine's memory and keeps
   * what it grew to: streaming 5 GiB through artifact-service and the gateway left them at about
   * 400 MB each, for data that never needs more than a few buffers (with 192 MB heaps they
   * peaked at 296 and 204 MB; artifact-service, whose filesystem store copies through one 64 KB
   * buffer per upload, now gets 128 MB). {@code serialGc}: the
   * leanest collector, for the streaming services' small heaps. tracking-service keeps G1 and
   * has it collect after a minute without a collection, which hands back part of the heap a
   * burst grew: after the logging and retrieval benchmark its RSS stayed at 690 MB; with this it
   * fell to 400–510 MB once idle (the rest is metaspace, code and class data, about 230 MB).
   * That collection keeps up to {@code MaxHeapFreeRatio} of the heap free, 70 % by default;
   * at 30 % the idle heap after the benchmark is 89 MB instead of 184, RSS 317 MB instead of
   * 415, and the load itself ran no slower (BENCHMARKS.md, fourteenth session).
   * (In containers the images use MaxRAMPercentage of the pod's limit instead.)
   */
  private static List<String> jvm(String maxHeap, boolean serialGc) {
    List<String> options = new ArrayList<>(List.of("-Xmx" + maxHeap,
        "-XX:+ExitOnOutOfMemoryError"));
    if (serialGc) {
      options.add("-XX:+UseSerialGC");
    } else {
      options.addAll(List.of("-XX:G1PeriodicGCInterval=60000", "-XX:MaxHeapFreeRatio=30",
          "-XX:MinHeapFreeRatio=10"));
    }
    return options;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
