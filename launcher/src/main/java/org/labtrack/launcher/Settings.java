package org.labtrack.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher keeps its data and which ports it uses; all overridable by environment. */
record Settings(Path dataDir, Path home, int gatewayPort, int trackingPort, int artifactsPort,
    int dbPort) {

  static Settings fromEnvironment() {
    Path data = Path.of(env("LABTRACK_DATA_DIR", "labtrack-data")).toAbsolutePath().normalize();
    String home = System.getenv("LABTRACK_HOME");
    return new Settings(data, home != null ? Path.of(home) : findHome(),
        Integer.parseInt(env("LABTRACK_PORT", "5000")),
        Integer.parseInt(env("LABTRACK_TRACKING_PORT", "8081")),
        Integer.parseInt(env("LABTRACK_ARTIFACTS_PORT", "8082")),
        Integer.parseInt(env("LABTRACK_DB_PORT", "3307")));
  }

  /** The checkout the launcher was built in: the folder above launcher/target. */
  private static Path findHome() {
    try {
      Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
        if (Files.exists(dir.resolve("tracking-service"))) {
          return dir;
        }
      }
    } catch (URISyntaxException e) {
      // fall through to the working directory
    }
    return Path.of("").toAbsolutePath();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
