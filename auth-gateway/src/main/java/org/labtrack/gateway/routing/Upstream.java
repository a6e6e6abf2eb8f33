package org.labtrack.gateway.routing;

/** Who answers a route: one of the services behind the gateway, or the gateway itself. */
public enum Upstream {
  /** tracking-service: runs, experiments, registry, traces, and the internal token store. */
  TRACKING("tracking-service"),
  /** artifact-service: proxied artifact storage. */
  ARTIFACTS("artifact-service"),
  /** Answered in the gateway process (health, web UI, token administration). */
  GATEWAY("auth-gateway");

  private final String serviceName;

  Upstream(String serviceName) {
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }
}
