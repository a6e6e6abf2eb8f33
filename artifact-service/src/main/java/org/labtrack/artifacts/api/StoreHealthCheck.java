package org.labtrack.artifacts.api;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.labtrack.artifacts.store.ArtifactStore;
import org.labtrack.artifacts.store.StorageUnavailableException;

/** Ready only while the artifact store answers. */
@Readiness
@Singleton
public class StoreHealthCheck implements HealthCheck {
  private final ArtifactStore store;

  StoreHealthCheck(ArtifactStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      store.checkAvailable();
      return HealthCheckResponse.named("artifact-store").up().withData("store", store.describe()).build();
    } catch (StorageUnavailableException e) {
      return HealthCheckResponse.named("artifact-store").down()
          .withData("store", store.describe()).withData("error", e.getMessage()).build();
    }
  }
}
