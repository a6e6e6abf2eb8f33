package org.labtrack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void defaultsAreTheDocumentedPorts() {
    Settings settings = Settings.from(Map.of());
    assertThat(settings.gatewayPort()).isEqualTo(5000);
    assertThat(settings.gatewayManagementPort()).isEqualTo(9000);
    assertThat(settings.trackingManagementPort()).isEqualTo(9081);
    assertThat(settings.artifactsManagementPort()).isEqualTo(9082);
    assertThat(settings.dbPort()).isEqualTo(3307);
  }

  @Test
  void managementPortsFollowTheirServiceOrAreChosenFreely() {
    Settings settings = Settings.from(Map.of("LABTRACK_PORT", "62000",
        "LABTRACK_TRACKING_PORT", "40000", "LABTRACK_ARTIFACTS_PORT", "65000",
        "LABTRACK_TRACKING_MANAGEMENT_PORT", "0"));
    // 62000 + 4000 and 65000 + 1000 leave the port range: any free port instead.
    assertThat(settings.gatewayManagementPort()).isZero();
    assertThat(settings.artifactsManagementPort()).isZero();
    assertThat(settings.trackingManagementPort()).isZero();
    assertThat(Settings.from(Map.of("LABTRACK_PORT", "6000")).gatewayManagementPort())
        .isEqualTo(10000);
    assertThat(Settings.from(Map.of("LABTRACK_GATEWAY_MANAGEMENT_PORT", "9100"))
        .gatewayManagementPort()).isEqualTo(9100);
  }

  @Test
  void theBufferPoolIsAnEighthOfMemoryWithinBounds() {
    assertThat(Settings.defaultBufferPoolMb(24 * 1024)).isEqualTo(2048);
    assertThat(Settings.defaultBufferPoolMb(8 * 1024)).isEqualTo(1024);
    assertThat(Settings.defaultBufferPoolMb(1024)).isEqualTo(256);
    assertThat(Settings.from(Map.of("LABTRACK_DB_BUFFER_POOL_MB", "512")).dbBufferPoolMb())
        .isEqualTo(512);
  }
}
