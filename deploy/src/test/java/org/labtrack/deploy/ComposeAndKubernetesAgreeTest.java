package org.labtrack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml and each Kubernetes overlay run the same images on the same ports with the same variables. */
class ComposeAndKubernetesAgreeTest {

  private final Compose compose = Compose.load();

  static java.util.List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void imagesAgree(String overlay) {
    Manifests m = Kustomize.render(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      soft.assertThat(m.workload(s.module).container(s.module).path("image").asText()).as(overlay + " " + s.module + " image")
          .isEqualTo(Compose.interpolate(compose.service(s.module).path("image").asText(), compose.envExample));
    }
    if (overlay.equals("dev")) {
      for (var thirdParty : Map.of("mysql", "mysql", "minio", "minio", "minio-setup", "minio-setup").entrySet()) {
        soft.assertThat(m.workload(thirdParty.getValue()).podSpec().path("containers").get(0).path("image").asText())
            .as(overlay + " " + thirdParty.getValue() + " image").isEqualTo(compose.service(thirdParty.getKey()).path("image").asText());
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void portsAgree(String overlay) {
    Manifests m = Kustomize.render(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      JsonNode c = m.workload(s.module).container(s.module);
      ServiceConfig cfg = s.config();
      Map<String, String> composeEnv = compose.environment(s.module);
      soft.assertThat(KubernetesManifestsTest.namedPort(c, "http")).as(overlay + " " + s.module + " http port")
          .isEqualTo(cfg.httpPort(composeEnv));
      soft.assertThat(KubernetesManifestsTest.namedPort(c, "management")).as(overlay + " " + s.module + " management port")
          .isEqualTo(cfg.managementPort(composeEnv));
    }
    soft.assertAll();
  }

  /** A variable renamed in one place must be renamed in the other. */
  @ParameterizedTest
  @MethodSource("overlays")
  void environmentVariableNamesAgree(String overlay) {
    Manifests m = Kustomize.render(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (LabTrackService s : LabTrackService.values()) {
      soft.assertThat(KubernetesManifestsTest.envNames(m.workload(s.module).container(s.module)))
          .as(overlay + " " + s.module + " env names = docker-compose.yml's")
          .containsExactlyInAnyOrderElementsOf(compose.environment(s.module).keySet());
    }
    soft.assertAll();
  }
}
