package org.labtrack.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.labtrack.artifacts.support.S3ProxyServer;
import org.labtrack.gateway.support.TestUser;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The whole LabTrack stack as it ships: the packaged services
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}) as child JVMs on free ports, behind a
 * real auth-gateway, sharing a random {@code LABTRACK_INTERNAL_SECRET}.
 *
 * <ul>
 *   <li>tracking-service on a fresh, uniquely named database ({@link TestDatabase}), dropped on
 *       {@link #close()};</li>
 *   <li>artifact-service on a filesystem store in a temporary folder, or on S3 against an
 *       in-process S3Proxy ({@link Store});</li>
 *   <li>auth-gateway with three users created through its own CLI
 *       ({@code user add NAME ROLE --password-stdin}): {@link TestUser#ALICE} (reader),
 *       {@link TestUser#BOB} (editor) and {@link TestUser#CAROL} (admin).</li>
 * </ul>
 *
 * <p>Each service's output goes to {@code <log dir>/<store>/<service>.log} (log dir:
 * {@code -Dlabtrack.it.log-dir}, the module's {@code target/stack-logs} under Maven). The
 * services are found under {@code -Dlabtrack.home} (the checkout; Maven sets it).
 *
 * <p>Test classes normally share one stack per store through {@link LabTrackTest} (or
 * {@link #shared(Store)}); a stack of their own comes from {@link #start(Options)}. Whoever stops
 * a service ({@link #stop(Service)}) must start it again ({@link #start(Service)}), since other
 * test classes use the same stack afterwards.
 */
public final class LabTrackStack implements AutoCloseable {

  /** Where artifact-service keeps artifacts. */
  public enum Store {
    /** {@code ARTIFACTS_STORE=filesystem} in a temporary folder. */
    FILESYSTEM,
    /** {@code ARTIFACTS_STORE=s3} against S3Proxy in the test JVM. */
    S3
  }

  /** The three processes. */
  public enum Service {
    TRACKING("tracking-service"),
    ARTIFACTS("artifact-service"),
    GATEWAY("auth-gateway");

    private final String module;

    Service(String module) {
      this.module = module;
    }

    /** The Maven module, which is also the log file's name. */
    public String module() {
      return module;
    }
  }

  /**
   * How to start a stack of one's own.
   *
   * @param store      the artifact store
   * @param extraEnv   environment added to (or overriding) a service's, e.g. for a UI setting
   * @param jvmOptions options of every service JVM
   */
  public record Options(Store store, Map<Service, Map<String, String>> extraEnv,
      List<String> jvmOptions) {

    /** The shared stacks' settings for {@code store}. */
    public static Options of(Store store) {
      String configured = System.getProperty("labtrack.it.jvm-options");
      // C1 only and the serial collector: six small JVMs start faster on two cores.
      List<String> jvm = configured != null ? Arrays.asList(configured.trim().split("\\s+"))
          : List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
      return new Options(store, Map.of(), jvm);
    }

    /** These options with {@code env} added to {@code service}'s environment. */
    public Options withEnv(Service service, Map<String, String> env) {
      Map<Service, Map<String, String>> merged = new EnumMap<>(Service.class);
      merged.putAll(extraEnv);
      Map<String, String> forService = new HashMap<>(merged.getOrDefault(service, Map.of()));
      forService.putAll(env);
      merged.put(service, Map.copyOf(forService));
      return new Options(store, Map.copyOf(merged), jvmOptions);
    }
  }

  /** The bucket and key prefix artifact-service uses on the S3 stack. */
  public static final String S3_BUCKET = "labtrack-it";
  public static final String S3_PREFIX = "mlartifacts";

  private static final Map<Store, LabTrackStack> SHARED = new EnumMap<>(Store.class);
  /** A shared stack that failed to start is not started again by every later test class. */
  private static final Map<Store, RuntimeException> FAILED = new EnumMap<>(Store.class);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int EPHEMERAL_LOW = ephemeralLow();

  private final Options options;
  private final Path home;
  private final Path dir;
  private final Path logDir;
  private final String secret;
  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
  private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);
  private TestDatabase database;
  private S3ProxyServer s3;
  private boolean closed;

  private LabTrackStack(Options options) {
    this.options = options;
    this.home = home();
    this.logDir = logDir(options.store().name().toLowerCase(Locale.ROOT));
    this.secret = randomHex(32);
    try {
      this.dir = Files.createTempDirectory("labtrack-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The stack for {@code store} shared by every test class in this JVM: started on first use,
   * stopped when the JUnit run ends ({@link LabTrackExtension}) or, at the latest, when the JVM
   * exits.
   */
  public static synchronized LabTrackStack shared(Store store) {
    if (FAILED.containsKey(store)) {
      throw new IllegalStateException("The shared " + store + " stack failed to start earlier",
          FAILED.get(store));
    }
    LabTrackStack stack = SHARED.get(store);
    if (stack == null) {
      try {
        stack = start(Options.of(store));
      } catch (RuntimeException e) {
        FAILED.put(store, e);
        throw e;
      }
      SHARED.put(store, stack);
    }
    return stack;
  }

  /** Stops the shared stack for {@code store}, if one runs. */
  static synchronized void closeShared(Store store) {
    LabTrackStack stack = SHARED.remove(store);
    if (stack != null) {
      stack.close();
    }
  }

  /** Starts a stack of one's own; the caller closes it. */
  public static LabTrackStack start(Options options) {
    LabTrackStack stack = new LabTrackStack(options);
    Thread hook = new Thread(stack::closeQuietly, "labtrack-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stack.boot();
      return stack;
    } catch (RuntimeException | Error e) {
      stack.closeQuietly();
      throw e;
    }
  }

  private void boot() {
    database = TestDatabase.create();
    for (Service service : Service.values()) {
      ports.put(service, freePort());
      managementPorts.put(service, freePort());
    }
    Map<String, String> artifactStore = new HashMap<>();
    if (options.store() == Store.S3) {
      s3 = S3ProxyServer.start();
      artifactStore.putAll(Map.of(
          "ARTIFACTS_STORE", "s3",
          "ARTIFACTS_S3_ENDPOINT", s3.endpoint().toString(),
          "ARTIFACTS_S3_PATH_STYLE", "true",
          "ARTIFACTS_S3_REGION", S3ProxyServer.REGION,
          "ARTIFACTS_S3_BUCKET", S3_BUCKET,
          "ARTIFACTS_S3_PREFIX", S3_PREFIX,
          "ARTIFACTS_S3_CREATE_BUCKET", "true",
          "ARTIFACTS_S3_CREDENTIALS", "static",
          "ARTIFACTS_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY,
          "ARTIFACTS_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY));
      // The smallest S3 part size, so that uploads of a few MiB take the multipart path.
      artifactStore.put("ARTIFACTS_S3_BUFFER_SIZE", "5M");
    } else {
      artifactStore.put("ARTIFACTS_STORE", "filesystem");
      artifactStore.put("ARTIFACTS_FS_ROOT", artifactRoot().toString());
    }

    define(Service.TRACKING, Map.of(
        "TRACKING_PORT", port(Service.TRACKING) + "",
        "TRACKING_MANAGEMENT_PORT", managementPort(Service.TRACKING) + "",
        "TRACKING_DB_URL", database.jdbcUrl(),
        "TRACKING_DB_USER", database.user(),
        "TRACKING_DB_PASSWORD", database.password(),
        "TRACKING_DB_VERSION_CHECK", Boolean.toString(database.versionCheckPasses())));
    Map<String, String> artifacts = new HashMap<>(artifactStore);
    artifacts.putAll(Map.of(
        "ARTIFACTS_PORT", port(Service.ARTIFACTS) + "",
        "ARTIFACTS_MANAGEMENT_PORT", managementPort(Service.ARTIFACTS) + "",
        "ARTIFACTS_TRACKING_URL", serviceUrl(Service.TRACKING)));
    define(Service.ARTIFACTS, artifacts);
    define(Service.GATEWAY, Map.of(
        "GATEWAY_PORT", port(Service.GATEWAY) + "",
        "GATEWAY_MANAGEMENT_PORT", managementPort(Service.GATEWAY) + "",
        "GATEWAY_TRACKING_URL", serviceUrl(Service.TRACKING),
        "GATEWAY_ARTIFACTS_URL", serviceUrl(Service.ARTIFACTS),
        "GATEWAY_USERS_FILE", usersFile().toString(),
        "GATEWAY_ROLES_FILE", rolesFile().toString()));

    processes.get(Service.TRACKING).start();
    processes.get(Service.ARTIFACTS).start();
    for (TestUser user : users()) {
      addUser(user);
    }
    processes.get(Service.GATEWAY).start();
    for (ServiceProcess process : processes.values()) {
      process.awaitHealthy();
    }
  }

  private void define(Service service, Map<String, String> env) {
    Map<String, String> environment = new HashMap<>(env);
    environment.put("LABTRACK_INTERNAL_SECRET", secret);
    environment.putAll(options.extraEnv().getOrDefault(service, Map.of()));
    processes.put(service, new ServiceProcess(service.module(), jar(service), port(service),
        environment, options.jvmOptions(), logDir.resolve(service.module() + ".log")));
  }

  /** {@code user add NAME ROLE --password-stdin}, exactly as an operator scripts it. */
  private void addUser(TestUser user) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar(Service.GATEWAY).toString(), "user", "add", user.user(),
        user.role().fileName(), "--password-stdin"));
    try {
      Path log = logDir.resolve("user-command.log");
      Files.createDirectories(logDir);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("GATEWAY_USERS_FILE", usersFile().toString());
      builder.environment().put("GATEWAY_ROLES_FILE", rolesFile().toString());
      Process process = builder.start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write((user.password() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("'user add " + user.user() + "' failed; see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ where things are

  public Store store() {
    return options.store();
  }

  /** The gateway's public URL, {@code http://127.0.0.1:<port>}, no trailing slash. */
  public String gatewayUrl() {
    return serviceUrl(Service.GATEWAY);
  }

  /** A service's own URL (bypassing the gateway: services refuse work without the secret). */
  public String serviceUrl(Service service) {
    return "http://127.0.0.1:" + port(service);
  }

  public int port(Service service) {
    return ports.get(service);
  }

  /** The port of {@code /q/health/*} and {@code /q/metrics}. */
  public int managementPort(Service service) {
    return managementPorts.get(service);
  }

  /** The shared secret the gateway presents as {@code X-LabTrack-Internal-Token}. */
  public String internalSecret() {
    return secret;
  }

  public Path logFile(Service service) {
    return processes.get(service).logFile();
  }

  /** The database tracking-service uses. */
  public TestDatabase database() {
    return database;
  }

  /** The filesystem store's folder (only meaningful for {@link Store#FILESYSTEM}). */
  public Path artifactRoot() {
    return dir.resolve("artifacts");
  }

  /** The in-process S3 server of an {@link Store#S3} stack, else null. */
  public S3ProxyServer s3() {
    return s3;
  }

  public Path usersFile() {
    return dir.resolve("users.properties");
  }

  public Path rolesFile() {
    return dir.resolve("roles.properties");
  }

  /** The users created at start: reader, editor, admin. */
  public static List<TestUser> users() {
    return List.of(TestUser.ALICE, TestUser.BOB, TestUser.CAROL);
  }

  public TestUser reader() {
    return TestUser.ALICE;
  }

  public TestUser editor() {
    return TestUser.BOB;
  }

  public TestUser admin() {
    return TestUser.CAROL;
  }

  // ------------------------------------------------------------------ clients

  /** The gateway without credentials. */
  public StackClient client() {
    return new StackClient(gatewayUrl(), null, CLIENT_TIMEOUT);
  }

  /** The gateway as {@code user}, with HTTP Basic ({@code MLFLOW_TRACKING_USERNAME/PASSWORD}). */
  public StackClient client(TestUser user) {
    return client().withAuthorization(user.basic());
  }

  /** The gateway with {@code Authorization: Bearer <token>} ({@code MLFLOW_TRACKING_TOKEN}). */
  public StackClient clientWithToken(String token) {
    return client().withAuthorization("Bearer " + token);
  }

  /** A service's own port, without the gateway and without its secret. */
  public StackClient direct(Service service) {
    return new StackClient(serviceUrl(service), null, CLIENT_TIMEOUT);
  }

  /** MLflow's Java client against the gateway, signed in as {@code user}. */
  public MlflowClient mlflow(TestUser user) {
    return new MlflowClient(new BasicMlflowHostCreds(gatewayUrl(), user.user(), user.password()));
  }

  /** MLflow's Java client against the gateway with a Bearer token. */
  public MlflowClient mlflowWithToken(String token) {
    return new MlflowClient(new BasicMlflowHostCreds(gatewayUrl(), token));
  }

  /** Issues an access token for {@code user} through the gateway's admin API; its secret. */
  public String issueToken(String user, String description) {
    StackClient.Reply reply = client(admin()).post("/api/labtrack/v1/tokens",
        Map.of("user", user, "description", description)).ok();
    return reply.json().get("secret").asText();
  }

  // ------------------------------------------------------------------ lifecycle

  /** Stops one service (SIGTERM); {@link #start(Service)} brings it back on the same port. */
  public void stop(Service service) {
    processes.get(service).stop();
  }

  /** Starts a stopped service again with the same settings and waits until it is healthy. */
  public void start(Service service) {
    ServiceProcess process = processes.get(service);
    if (!process.isRunning()) {
      process.start();
    }
    process.awaitHealthy();
  }

  public boolean isRunning(Service service) {
    return processes.get(service).isRunning();
  }

  /** Stops every process, the S3 server, drops the database and deletes the temporary folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Service> order = List.of(Service.GATEWAY, Service.ARTIFACTS, Service.TRACKING);
    for (Service service : order) {
      ServiceProcess process = processes.get(service);
      if (process != null) {
        process.stop();
      }
    }
    if (s3 != null) {
      s3.close();
    }
    if (database != null) {
      database.drop();
    }
    S3ProxyServer.deleteTree(dir);
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("LabTrack test stack did not close cleanly: " + e);
    }
  }

  private Path jar(Service service) {
    return home.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** The checkout whose packaged modules the tests run ({@code -Dlabtrack.home}; Maven sets it). */
  public static Path home() {
    return Path.of(System.getProperty("labtrack.home", "..")).toAbsolutePath().normalize();
  }

  /** Log folder for the processes started under {@code name} ({@code -Dlabtrack.it.log-dir}). */
  public static Path logDir(String name) {
    return Path.of(System.getProperty("labtrack.it.log-dir", "target/stack-logs"))
        .toAbsolutePath().resolve(name);
  }

  /**
   * A port free right now, never handed out before in this JVM, and below the system's ephemeral
   * range. The system's own pick (binding port 0) comes from that range, and once closed it can
   * become the source port of any outgoing connection (to the database, between services)
   * before the service it was meant for binds it: "Port ... seems to be in use".
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current()
          .nextInt(Math.max(1024, EPHEMERAL_LOW - 12_000), EPHEMERAL_LOW);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException inUse) {
        // someone else's: try another
      }
    }
    throw new IllegalStateException("no free port below " + EPHEMERAL_LOW);
  }

  /** The lowest port of Linux's ephemeral range (32768 unless configured otherwise). */
  private static int ephemeralLow() {
    try {
      // Not Files.readString: it returns this /proc/sys file's first byte only (JDK 17 and 25).
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
      int low = Integer.parseInt(range.trim().split("\\s+")[0]);
      return low > 2_048 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
