package org.labtrack.gateway.health;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;
import org.labtrack.gateway.proxy.UpstreamClients;
import org.labtrack.gateway.routing.Upstream;

/** Readiness of artifact-service, as the gateway reaches it. */
@Readiness
@Singleton
public class ArtifactsReadiness extends UpstreamReadiness {
  ArtifactsReadiness(UpstreamClients clients) {
    super(clients, Upstream.ARTIFACTS);
  }
}
