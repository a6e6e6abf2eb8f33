package org.labtrack.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The usual test set-up: stub services, test users, short timeouts. */
public class GatewayProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(GatewayTestResource.class));
  }
}
