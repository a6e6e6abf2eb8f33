package org.labtrack.gateway.health;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;
import org.labtrack.gateway.proxy.UpstreamClients;
import org.labtrack.gateway.routing.Upstream;

/** Readiness of tracking-service, as the gateway reaches it. */
@Readiness
@Singleton
public class TrackingReadiness extends UpstreamReadiness {
  TrackingReadiness(UpstreamClients clients) {
    super(clients, Upstream.TRACKING);
  }
}
