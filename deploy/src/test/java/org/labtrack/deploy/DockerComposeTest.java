package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, parsed as YAML (no Docker engine here), against the same invariants as the Kubernetes manifests. */
class DockerComposeTest {

  /** One-shot containers: they run to completion, so they have no healthcheck and are not restarted. */
  private static final Set<String> ONE_SHOT = Set.of("minio-setup");
  private static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]+}");
  private static final Pattern HOST_PORT_URL = Pattern.compile("^(?:jdbc:mysql|https?)://([a-z0-9-]+):(\\d+)(/.*)?$");
  /** Ports of the third-party services, from their images' documentation. */
  private static final Map<String, Integer> THIRD_PARTY_PORTS = Map.of("mysql", 3306, "minio", 9000);

  private final Compose compose = Compose.load();

  @Test
  void theStackHasTheSixServicesOnUserDefinedBridgeNetworks() {
    assertThat(compose.serviceNames()).containsExactlyInAnyOrder(
        "auth-gateway", "tracking-service", "artifact-service", "mysql", "minio", "minio-setup");
    SoftAssertions soft = new SoftAssertions();
    compose.root.path("networks").fields().forEachRemaining(n ->
        soft.assertThat(n.getValue().path("driver").asText()).as("network " + n.getKey()).isEqualTo("bridge"));
    for (String s : compose.serviceNames()) {
      JsonNode svc = compose.service(s);
      soft.assertThat(svc.path("networks").isEmpty()).as(s + " is on a user-defined network").isFalse();
      soft.assertThat(svc.has("network_mode")).as(s + " network_mode").isFalse();
      soft.assertThat(svc.path("privileged").asBoolean()).as(s + " privileged").isFalse();
    }
    soft.assertAll();
  }

  @Test
  void onlyTheGatewayPublishesAPortAndItIsTheGatewaysHttpPort() {
    SoftAssertions soft = new SoftAssertions();
    for (String s : compose.serviceNames()) {
      if (!s.equals("auth-gateway")) {
        soft.assertThat(compose.service(s).has("ports")).as(s + " publishes no port").isFalse();
      }
    }
    JsonNode ports = compose.service("auth-gateway").path("ports");
    assertThat(ports).hasSize(1);
    String mapping = Compose.interpolate(ports.get(0).asText(), compose.envExample);
    int gatewayPort = LabTrackService.GATEWAY.config().httpPort(filled("auth-gateway"));
    soft.assertThat(mapping).as("published port mapping").endsWith(":" + gatewayPort);
    soft.assertAll();
  }

  @Test
  void everyLongRunningServiceHasAHealthcheckAndARestartPolicy() {
    SoftAssertions soft = new SoftAssertions();
    for (String s : compose.serviceNames()) {
      JsonNode svc = compose.service(s);
      if (ONE_SHOT.contains(s)) {
        soft.assertThat(svc.path("restart").asText("no")).as(s + " (one-shot) restart").isEqualTo("no");
        continue;
      }
      soft.assertThat(svc.path("healthcheck").path("test").isEmpty()).as(s + " healthcheck").isFalse();
      soft.assertThat(svc.path("restart").asText()).as(s + " restart").isIn("always", "unless-stopped", "on-failure");
    }
    soft.assertAll();
  }

  @Test
  void serviceHealthchecksAskReadinessOnTheManagementPort() {
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      ServiceConfig cfg = s.config();
      String test = String.join(" ", KubernetesManifestsTest.texts(compose.service(s.module).path("healthcheck").path("test")));
      int management = cfg.managementPort(filled(s.module));
      soft.assertThat(test).as(s.module + " healthcheck")
          .contains("/dev/tcp/127.0.0.1/" + management + " ")
          .contains("GET " + cfg.healthPath("ready") + " ");
    }
    soft.assertAll();
  }

  @Test
  void servicesWaitForHealthyDependenciesAndTheCompletedBucketSetup() {
    SoftAssertions soft = new SoftAssertions();
    for (String s : compose.serviceNames()) {
      JsonNode deps = compose.service(s).path("depends_on");
      soft.assertThat(deps.isArray()).as(s + " depends_on uses the long form with conditions").isFalse();
      deps.fields().forEachRemaining(d -> {
        String condition = d.getValue().path("condition").asText();
        if (ONE_SHOT.contains(d.getKey())) {
          soft.assertThat(condition).as(s + " waits for " + d.getKey()).isEqualTo("service_completed_successfully");
        } else {
          soft.assertThat(condition).as(s + " waits for " + d.getKey()).isEqualTo("service_healthy");
          soft.assertThat(compose.service(d.getKey()).has("healthcheck")).as(d.getKey() + " has a healthcheck to wait for").isTrue();
        }
      });
    }
    Map<String, List<String>> expected = Map.of(
        "tracking-service", List.of("mysql"),
        "artifact-service", List.of("tracking-service", "minio", "minio-setup"),
        "auth-gateway", List.of("tracking-service", "artifact-service"),
        "minio-setup", List.of("minio"));
    expected.forEach((s, deps) -> {
      List<String> actual = new ArrayList<>();
      compose.service(s).path("depends_on").fieldNames().forEachRemaining(actual::add);
      soft.assertThat(actual).as(s + " depends_on").containsExactlyInAnyOrderElementsOf(deps);
    });
    soft.assertAll();
  }

  @Test
  void credentialsAreRequiredVariablesNeverInlineValues() {
    SoftAssertions soft = new SoftAssertions();
    for (String s : compose.serviceNames()) {
      compose.environment(s).forEach((name, value) -> {
        if (EnvNames.SECRET_NAME.matcher(name).matches()) {
          soft.assertThat(value).as(s + " " + name + " is ${VAR:?message}, filled from .env").matches(REQUIRED_REFERENCE);
        }
      });
    }
    // No credential may fall back to a default: ${X:-default} would ship a password.
    for (String text : Yaml.strings(compose.root)) {
      Matcher m = Compose.REFERENCE.matcher(text);
      while (m.find()) {
        if (m.group(1) != null && EnvNames.SECRET_NAME.matcher(m.group(1)).matches()) {
          soft.assertThat(m.group(2)).as("reference " + m.group()).isEqualTo(":?");
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void everyVariableIsDocumentedInEnvExampleAndSecretsAreLeftEmptyThere() {
    Set<String> referenced = compose.referencedVariables();
    assertThat(referenced).as("variables docker-compose.yml uses").isNotEmpty();
    assertThat(compose.envExample.keySet()).as(".env.example documents every variable docker-compose.yml uses")
        .containsAll(referenced);
    assertThat(referenced).as(".env.example lists only variables docker-compose.yml uses").containsAll(compose.envExample.keySet());
    SoftAssertions soft = new SoftAssertions();
    compose.envExample.forEach((k, v) -> {
      if (EnvNames.SECRET_NAME.matcher(k).matches() && !k.endsWith("ACCESS_KEY")) {
        soft.assertThat(v).as(".env.example " + k + " stays empty: each install makes its own").isEmpty();
      }
    });
    soft.assertAll();
    // And compose refuses to start while they are empty.
    assertThatThrownBy(() -> compose.interpolatedEnvironment("tracking-service"))
        .hasMessageContaining("MYSQL_PASSWORD");
  }

  @Test
  void serviceContainersGetOnlyEnvironmentVariablesTheServiceReads() {
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      soft.assertThat(compose.environment(s.module).keySet()).as("%s env names; it reads %s", s.module, EnvNames.accepted(s))
          .isSubsetOf(EnvNames.accepted(s));
      soft.assertThat(compose.environment(s.module)).as(s.module + " gets the internal secret").containsKey("LABTRACK_INTERNAL_SECRET");
    }
    soft.assertAll();
  }

  @Test
  void urlsBetweenContainersNameExistingServicesAndTheirPorts() {
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (String s : compose.serviceNames()) {
      for (var e : filled(s).entrySet()) {
        Matcher url = HOST_PORT_URL.matcher(e.getValue());
        if (!url.matches() || url.group(1).equals("localhost")) {
          continue;
        }
        String target = url.group(1);
        String what = s + " " + e.getKey() + "=" + e.getValue();
        soft.assertThat(compose.serviceNames()).as(what + " names a service").contains(target);
        LabTrackService labtrack = LabTrackService.byName(target);
        int expected = labtrack != null ? labtrack.config().httpPort(compose.environment(target)) : THIRD_PARTY_PORTS.getOrDefault(target, -1);
        soft.assertThat(Integer.parseInt(url.group(2))).as(what + " port").isEqualTo(expected);
        soft.assertThat(sharesANetwork(s, target)).as(s + " and " + target + " share a network").isTrue();
        checked++;
      }
    }
    assertThat(checked).as("container-to-container URLs").isGreaterThanOrEqualTo(6);
    soft.assertAll();
  }

  /** The networks mirror the NetworkPolicies: the database and the store reachable only from their service. */
  @Test
  void theDatabaseAndTheStoreShareNetworksOnlyWithTheirService() {
    Map<String, Set<String>> allowedNeighbours = Map.of(
        "mysql", Set.of("tracking-service"),
        "minio", Set.of("artifact-service", "minio-setup"),
        "tracking-service", Set.of("auth-gateway", "artifact-service", "mysql"),
        "artifact-service", Set.of("auth-gateway", "tracking-service", "minio", "minio-setup"));
    SoftAssertions soft = new SoftAssertions();
    allowedNeighbours.forEach((s, allowed) -> {
      for (String other : compose.serviceNames()) {
        if (!other.equals(s) && sharesANetwork(s, other)) {
          soft.assertThat(allowed).as(s + " shares a network with " + other).contains(other);
        }
      }
    });
    for (String s : compose.serviceNames()) {
      for (String net : networks(s)) {
        boolean internal = compose.root.path("networks").path(net).path("internal").asBoolean();
        if (!s.equals("auth-gateway")) {
          soft.assertThat(internal).as(s + " network " + net + " is internal (no way out, no published ports)").isTrue();
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void labtrackContainersRunLockedDown() {
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      JsonNode svc = compose.service(s.module);
      soft.assertThat(svc.path("read_only").asBoolean()).as(s.module + " read_only").isTrue();
      soft.assertThat(KubernetesManifestsTest.texts(svc.path("tmpfs"))).as(s.module + " tmpfs").contains("/tmp");
      soft.assertThat(KubernetesManifestsTest.texts(svc.path("cap_drop"))).as(s.module + " cap_drop").contains("ALL");
      soft.assertThat(KubernetesManifestsTest.texts(svc.path("security_opt"))).as(s.module + " security_opt").contains("no-new-privileges:true");
      soft.assertThat(svc.has("user")).as(s.module + ": the image's non-root user is kept").isFalse();
      soft.assertThat(Sizes.seconds(svc.path("stop_grace_period").asText("10s")))
          .as(s.module + " stop_grace_period > quarkus.shutdown.timeout").isGreaterThan(s.config().shutdownTimeoutSeconds());
    }
    soft.assertAll();
  }

  @Test
  void imagesAreBuiltFromTheServiceDockerfilesAndTaggedWithTheProjectVersion() {
    String version = projectVersion();
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      JsonNode svc = compose.service(s.module);
      soft.assertThat(svc.path("build").path("context").asText()).as(s.module + " build context (parent pom + common)").isEqualTo(".");
      String dockerfile = svc.path("build").path("dockerfile").asText();
      soft.assertThat(dockerfile).as(s.module + " dockerfile").isEqualTo(s.module + "/src/main/docker/Dockerfile.jvm");
      soft.assertThat(Files.isRegularFile(Repo.path(dockerfile))).as(dockerfile + " exists").isTrue();
      soft.assertThat(image(s.module)).as(s.module + " image").isEqualTo(s.imageRepository() + ":" + version);
    }
    soft.assertAll();
  }

  @Test
  void mysqlIsCaseSensitiveUtf8mb4WithAVolumeAndTheGatewayGetsItsUsersFile() {
    JsonNode mysql = compose.service("mysql");
    assertThat(mysql.path("image").asText()).isEqualTo("mysql:8.0");
    assertThat(KubernetesManifestsTest.texts(mysql.path("command")))
        .contains("--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin");
    SoftAssertions soft = new SoftAssertions();
    for (var volume : Map.of("mysql", "/var/lib/mysql", "minio", "/data").entrySet()) {
      String mount = KubernetesManifestsTest.texts(compose.service(volume.getKey()).path("volumes")).stream()
          .filter(v -> v.endsWith(":" + volume.getValue())).findFirst().orElse("");
      String name = mount.isEmpty() ? "" : mount.substring(0, mount.indexOf(':'));
      soft.assertThat(compose.root.path("volumes").has(name)).as(volume.getKey() + " data on a named volume").isTrue();
    }
    List<String> secrets = KubernetesManifestsTest.texts(compose.service("auth-gateway").path("secrets"));
    Map<String, String> env = compose.environment("auth-gateway");
    soft.assertThat(secrets).containsExactlyInAnyOrder("labtrack-users", "labtrack-roles");
    soft.assertThat(env.get("GATEWAY_USERS_FILE")).isEqualTo("/run/secrets/labtrack-users");
    soft.assertThat(env.get("GATEWAY_ROLES_FILE")).isEqualTo("/run/secrets/labtrack-roles");
    for (String secret : secrets) {
      soft.assertThat(compose.root.path("secrets").path(secret).path("file").asText()).as("secret " + secret + " is a file").isNotBlank();
    }
    compose.service("minio-setup").path("volumes").forEach(v -> {
      String host = v.asText().substring(0, v.asText().indexOf(':'));
      soft.assertThat(Files.isRegularFile(Repo.path(host))).as("mounted " + host + " exists").isTrue();
    });
    soft.assertAll();
  }

  // ---- helpers -----------------------------------------------------------------------------

  String image(String service) {
    return Compose.interpolate(compose.service(service).path("image").asText(), compose.envExample);
  }

  /** A service's environment interpolated from .env.example, with stand-ins for the secrets it leaves empty. */
  private Map<String, String> filled(String service) {
    Map<String, String> vars = new java.util.HashMap<>(compose.envExample);
    vars.replaceAll((k, v) -> v.isEmpty() ? "filled-in" : v);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    compose.environment(service).forEach((k, v) -> out.put(k, Compose.interpolate(v, vars)));
    return out;
  }

  private Set<String> networks(String service) {
    JsonNode nets = compose.service(service).path("networks");
    Set<String> out = new TreeSet<>();
    if (nets.isArray()) {
      nets.forEach(n -> out.add(n.asText()));
    } else {
      nets.fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  private boolean sharesANetwork(String a, String b) {
    Set<String> shared = new TreeSet<>(networks(a));
    shared.retainAll(networks(b));
    return !shared.isEmpty();
  }

  static String projectVersion() {
    Matcher m = Pattern.compile("<artifactId>labtrack-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Repo.read("pom.xml"));
    assertThat(m.find()).as("root pom version").isTrue();
    return m.group(1);
  }
}
