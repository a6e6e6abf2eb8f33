package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The bookkeeping behind "env names the services actually read". */
class EnvNamesTest {

  @Test
  void pendingNamesAreOnlyThoseTheServiceDoesNotReadYet() {
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      Set<String> alreadyRead = new TreeSet<>(EnvNames.pending(s));
      alreadyRead.retainAll(s.config().readEnvNames());
      soft.assertThat(alreadyRead).as(s.module + " now reads these: remove them from src/test/resources/pending-env.properties").isEmpty();
    }
    soft.assertAll();
  }

  @Test
  void quarkusEnvironmentNamesFollowSmallRyeConfig() {
    assertThat(ServiceConfig.quarkusEnvName("quarkus.http.port")).isEqualTo("QUARKUS_HTTP_PORT");
    assertThat(ServiceConfig.quarkusEnvName("quarkus.datasource.jdbc.max-size")).isEqualTo("QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
    assertThat(ServiceConfig.quarkusEnvName("quarkus.log.category.\"org.labtrack\".level"))
        .isEqualTo("QUARKUS_LOG_CATEGORY__ORG_LABTRACK__LEVEL");
  }

  @Test
  void readNamesComeFromReferencesKeysAndTheImage() {
    ServiceConfig cfg = new ServiceConfig(LabTrackService.TRACKING, """
        quarkus.http.port=${TRACKING_PORT:8081}
        quarkus.datasource.password=${TRACKING_DB_PASSWORD:}
        greeting=hello ${USER_NAME} and ${lower.case:x}
        %test.quarkus.http.port=${TEST_ONLY:0}
        %prod.quarkus.management.port=${PROD_MGMT:9100}
        """, Set.of("demo.url"), "<artifactId>quarkus-smallrye-health</artifactId>",
        "ENV JAVA_OPTS=\"-XX:MaxRAMPercentage=75.0 -Dfoo.BAR=1\" \\\n    JAVA_OPTS_APPEND=\"\"\nRUN X=1 make");
    assertThat(cfg.envReferences).containsExactlyInAnyOrder("TRACKING_PORT", "TRACKING_DB_PASSWORD", "USER_NAME", "PROD_MGMT");
    assertThat(cfg.imageEnv).containsExactlyInAnyOrder("JAVA_OPTS", "JAVA_OPTS_APPEND");
    assertThat(cfg.readEnvNames()).contains("QUARKUS_HTTP_PORT", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_PROFILE", "GREETING", "DEMO_URL")
        .doesNotContain("TEST_ONLY", "X");
    assertThat(cfg.httpPort(java.util.Map.of())).isEqualTo(8081);
    assertThat(cfg.httpPort(java.util.Map.of("TRACKING_PORT", "9999"))).isEqualTo(9999);
    assertThat(cfg.managementPort(java.util.Map.of())).as("%prod. wins over the plain key").isEqualTo(9100);
    assertThat(cfg.healthPath("ready")).isEqualTo("/q/health/ready");
    assertThat(cfg.hasExtension("quarkus-smallrye-health")).isTrue();
  }

  @Test
  void portsMayFollowAMappedPropertyOrBeSetDirectly() {
    ServiceConfig cfg = new ServiceConfig(LabTrackService.GATEWAY, "quarkus.http.port=${demo.port:5000}\n",
        Set.of("demo.port"), "", "");
    assertThat(cfg.httpPort(java.util.Map.of())).isEqualTo(5000);
    assertThat(cfg.httpPort(java.util.Map.of("DEMO_PORT", "5100"))).isEqualTo(5100);
    assertThat(cfg.httpPort(java.util.Map.of("QUARKUS_HTTP_PORT", "5200", "DEMO_PORT", "5100"))).isEqualTo(5200);
    assertThat(cfg.envNameOf("quarkus.http.port")).isEqualTo("DEMO_PORT");
  }

  @Test
  void configMappingInterfacesYieldTheirPropertyNames() {
    String source = """
        package x;
        /** Settings. {@code ignored()} in a comment is no member. */
        @ConfigMapping(prefix = "demo")
        public interface DemoConfig {
          @WithDefault("5000")
          int port();
          /** Base URL. */
          URI upstreamUrl();
          @WithName("users")
          Path usersFile();
          Optional<String> forwardedPrefix();
          Limits limits();
          Optional<Tls> tls();
          @WithParentName
          Extra extra();
          default String describe() { return "x;" + port(); }
          interface Limits {
            @WithDefault("10")
            int maxFailures();
          }
          interface Tls {
            Path keyStore();
          }
          interface Extra {
            boolean flag();
          }
        }
        """;
    assertThat(ConfigMappings.propertyNames(source)).containsExactlyInAnyOrder(
        "demo.port", "demo.upstream-url", "demo.users", "demo.forwarded-prefix", "demo.limits.max-failures",
        "demo.tls.key-store", "demo.flag");
    assertThat(ConfigMappings.propertyNames("interface Plain { int port(); }")).isEmpty();
  }

  @Test
  void sizesAndDurationsParseAsQuarkusNginxAndComposeWriteThem() {
    assertThat(Sizes.bytes("6G")).isEqualTo(6L << 30);
    assertThat(Sizes.bytes("6g")).isEqualTo(6L << 30);
    assertThat(Sizes.bytes("5Gi")).isEqualTo(5L << 30);
    assertThat(Sizes.bytes("10240K")).isEqualTo(10L << 20);
    assertThat(Sizes.seconds("30s")).isEqualTo(30);
    assertThat(Sizes.seconds("1m30s")).isEqualTo(90);
    assertThat(Sizes.seconds("3600")).isEqualTo(3600);
    assertThat(Sizes.seconds("PT2M")).isEqualTo(120);
  }

  @Test
  void composeInterpolationHandlesDefaultsRequiredValuesAndEscapes() {
    var vars = java.util.Map.of("SET", "v", "EMPTY", "");
    assertThat(Compose.interpolate("${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $$HOME $SET", vars)).isEqualTo("v d  d $HOME v");
    assertThat(Compose.interpolate("${SET:?needed}", vars)).isEqualTo("v");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Compose.interpolate("${EMPTY:?needed}", vars)).hasMessageContaining("EMPTY");
    assertThat(new Compose("services:\n  a:\n    environment:\n      X: ${A:-1}$${NOT_A_VAR}\n", "A=1\n").referencedVariables())
        .containsExactly("A");
  }
}
