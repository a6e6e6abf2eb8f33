package org.labtrack.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the launcher keeps its data and which ports it uses; all overridable by environment.
 * Each service's management port (health, metrics) defaults to an offset of its port
 * (gateway +4000, the services +1000: 9000, 9081, 9082 by default); {@code 0} picks any free
 * port, and so does an offset that would leave the port range. {@code
 * LABTRACK_CLASS_DATA_ARCHIVES=false} starts the services without {@link ClassDataArchive}s.
 */
record Settings(Path dataDir, Path home, int gatewayPort, int trackingPort, int artifactsPort,
    int dbPort, int gatewayManagementPort, int trackingManagementPort,
    int artifactsManagementPort, long dbBufferPoolMb, boolean classDataArchives) {

  static Settings fromEnvironment() {
    return from(System.getenv());
  }

  static Settings from(Map<String, String> env) {
    Path data = Path.of(get(env, "LABTRACK_DATA_DIR", "labtrack-data")).toAbsolutePath()
        .normalize();
    String home = get(env, "LABTRACK_HOME", null);
    int gateway = Integer.parseInt(get(env, "LABTRACK_PORT", "5000"));
    int tracking = Integer.parseInt(get(env, "LABTRACK_TRACKING_PORT", "8081"));
    int artifacts = Integer.parseInt(get(env, "LABTRACK_ARTIFACTS_PORT", "8082"));
    return new Settings(data, home != null ? Path.of(home) : findHome(), gateway, tracking,
        artifacts, Integer.parseInt(get(env, "LABTRACK_DB_PORT", "3307")),
        managementPort(env, "LABTRACK_GATEWAY_MANAGEMENT_PORT", gateway + 4000),
        managementPort(env, "LABTRACK_TRACKING_MANAGEMENT_PORT", tracking + 1000),
        managementPort(env, "LABTRACK_ARTIFACTS_MANAGEMENT_PORT", artifacts + 1000),
        Long.parseLong(get(env, "LABTRACK_DB_BUFFER_POOL_MB",
            Long.toString(defaultBufferPoolMb(physicalMemoryMb())))),
        Boolean.parseBoolean(get(env, "LABTRACK_CLASS_DATA_ARCHIVES", "true")));
  }

  /**
   * The embedded database's InnoDB buffer pool: an eighth of the machine's memory, at least
   * 256 MB, at most 2 GB. MariaDB's own default, 128 MB, made the benchmark's logging phase
   * read pages back from disk: with 2 GB it went from 184 to 286 requests/s.
   */
  static long defaultBufferPoolMb(long physicalMb) {
    return Math.max(256, Math.min(2048, physicalMb / 8));
  }

  private static long physicalMemoryMb() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getTotalMemorySize() / (1024 * 1024) : 2048;
  }

  private static int managementPort(Map<String, String> env, String variable, int derived) {
    return Integer.parseInt(get(env, variable, Integer.toString(derived <= 65535 ? derived : 0)));
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

  private static String get(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
