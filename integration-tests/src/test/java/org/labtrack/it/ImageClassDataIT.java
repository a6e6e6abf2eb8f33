package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackStack.Service;
import org.labtrack.it.support.LoggedProcess;
import org.labtrack.it.support.TestDatabase;

/**
 * The JVM images' class-data archive, recorded as their Dockerfiles record it, without Docker
 * (there is no engine here): {@code deploy/scripts/record-class-data.sh} with the arguments of
 * the service's {@code Dockerfile.jvm}, on the packaged service, with no database reachable, as
 * during an image build. The service must then start from the archive under
 * {@code -Xshare:on}, which refuses to start rather than run without an archive it cannot map.
 */
class ImageClassDataIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String SCRIPT = "/tmp/record-class-data.sh";
  private static final Path HOME = LabTrackStack.home();

  @ParameterizedTest
  @EnumSource(Service.class)
  void theImageRecordsAnArchiveItsServiceStartsFrom(Service service, @TempDir Path dir)
      throws Exception {
    recordAndStart(service, Path.of(System.getProperty("java.home")), dir);
  }

  /**
   * An image on a JRE 25+ (its RUNTIME_IMAGE): the script records an AOT cache, which the same
   * {@code -XX:SharedArchiveFile} maps. Runs with the JDK {@code LABTRACK_IT_JDK25} names.
   */
  @ParameterizedTest
  @EnumSource(Service.class)
  void onJdk25TheImageRecordsAnAotCache(Service service, @TempDir Path dir) throws Exception {
    String jdk25 = System.getenv("LABTRACK_IT_JDK25");
    assumeTrue(jdk25 != null && !jdk25.isBlank(), "LABTRACK_IT_JDK25 names no JDK 25+");
    recordAndStart(service, Path.of(jdk25), dir);
    byte[] header = new byte[4];
    try (var in = Files.newInputStream(dir.resolve("app-cds.jsa"))) {
      assertThat(in.readNBytes(header, 0, 4)).isEqualTo(4);
    }
    // An AOT cache is a static archive (magic 0xf00baba2); a dynamic one's is 0xf00baba8.
    assertThat(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt())
        .as("the archive's magic number").isEqualTo(0xf00baba2);
  }

  /**
   * Records as the service's Dockerfile.jvm does, with {@code javaHome}'s java as the image's,
   * then starts the service from the archive with the same java.
   */
  private static void recordAndStart(Service service, Path javaHome, Path dir) throws Exception {
    Path jar = HOME.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("package the services first").isRegularFile();
    Path archive = dir.resolve("app-cds.jsa");
    String prefix = envPrefix(service);
    int port = LabTrackStack.freePort();
    int managementPort = LabTrackStack.freePort();
    Map<String, String> env = new HashMap<>(Map.of(
        prefix + "_PORT", Integer.toString(port),
        prefix + "_MANAGEMENT_PORT", Integer.toString(managementPort),
        // What a build has: no database (nothing listens on port 1).
        "TRACKING_DB_URL", "jdbc:mysql://127.0.0.1:1/labtrack"));

    List<String> arguments = recordingArguments(service);
    assertThat(arguments.subList(0, 3)).as("jar, archive, management port")
        .containsExactly("/deployments/quarkus-run.jar", "/deployments/app-cds.jsa",
            Integer.toString(defaultManagementPort(service)));
    List<String> command = new ArrayList<>(List.of("bash",
        HOME.resolve("deploy/scripts/record-class-data.sh").toString(), jar.toString(),
        archive.toString(), Integer.toString(managementPort)));
    command.addAll(arguments.subList(3, arguments.size()));
    Path recordLog = dir.resolve("record.log");
    Path buildDirectory = Files.createDirectory(dir.resolve("workdir"));
    Map<String, String> recordingEnv = new HashMap<>(env);
    recordingEnv.put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
    Process recording = LoggedProcess.start(command, recordingEnv, recordLog, buildDirectory);
    assertThat(recording.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(recording.exitValue()).as(Files.readString(recordLog)).isZero();
    assertThat(Files.size(archive)).as("the recorded archive").isGreaterThan(10L << 20);
    try (Stream<Path> left = Files.list(buildDirectory)) {
      assertThat(left).as("what the recording start left in the image's WORKDIR").isEmpty();
    }

    TestDatabase database = service == Service.TRACKING ? TestDatabase.create() : null;
    try {
      env.putAll(runtimeEnvironment(service, dir, database));
      Path startLog = dir.resolve("start.log");
      Process started = LoggedProcess.start(LoggedProcess.java(javaHome, List.of("-Xshare:on",
          "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), jar),
          env, startLog);
      try {
        LoggedProcess.awaitLog(started, startLog, "started in", TIMEOUT);
      } finally {
        started.destroy();
        started.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      if (database != null) {
        database.drop();
      }
    }
  }

  /** The arguments the service's Dockerfile.jvm gives the recording script. */
  private static List<String> recordingArguments(Service service) throws IOException {
    String dockerfile = Files.readString(HOME.resolve(service.module())
        .resolve("src/main/docker/Dockerfile.jvm"), StandardCharsets.UTF_8);
    String joined = dockerfile.replace("\\\n", " ");
    int at = joined.indexOf("bash " + SCRIPT + " ");
    assertThat(at).as("Dockerfile.jvm runs " + SCRIPT).isNotNegative();
    String line = joined.substring(at + ("bash " + SCRIPT + " ").length(),
        joined.indexOf('\n', at));
    return Arrays.asList(line.trim().split("\\s+"));
  }

  private static String envPrefix(Service service) {
    return switch (service) {
      case TRACKING -> "TRACKING";
      case ARTIFACTS -> "ARTIFACTS";
      case GATEWAY -> "GATEWAY";
    };
  }

  private static int defaultManagementPort(Service service) {
    return switch (service) {
      case TRACKING -> 9001;
      case ARTIFACTS -> 9002;
      case GATEWAY -> 9000;
    };
  }

  /** What each service needs to come up for real. */
  private static Map<String, String> runtimeEnvironment(Service service, Path dir,
      TestDatabase database) {
    return switch (service) {
      case TRACKING -> Map.of("TRACKING_DB_URL", database.jdbcUrl(),
          "TRACKING_DB_USER", database.user(), "TRACKING_DB_PASSWORD", database.password(),
          "TRACKING_DB_VERSION_CHECK", Boolean.toString(database.versionCheckPasses()));
      case ARTIFACTS -> Map.of("ARTIFACTS_STORE", "filesystem",
          "ARTIFACTS_FS_ROOT", dir.resolve("artifacts").toString());
      case GATEWAY -> Map.of("GATEWAY_BOOTSTRAP_ADMIN", "true",
          "GATEWAY_USERS_FILE", dir.resolve("users.properties").toString(),
          "GATEWAY_ROLES_FILE", dir.resolve("roles.properties").toString());
    };
  }
}
