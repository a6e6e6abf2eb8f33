package org.labtrack.deploy;

/**
 * The three LabTrack services. Each uses its Maven module's name everywhere: the compose service,
 * the Kubernetes Deployment, Service and container, and the image {@code labtrack/<module>}.
 */
enum LabTrackService {
  TRACKING("tracking-service"),
  ARTIFACTS("artifact-service"),
  GATEWAY("auth-gateway");

  final String module;

  LabTrackService(String module) {
    this.module = module;
  }

  String imageRepository() {
    return "labtrack/" + module;
  }

  ServiceConfig config() {
    return ServiceConfig.of(this);
  }

  static LabTrackService byName(String name) {
    for (LabTrackService s : values()) {
      if (s.module.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
