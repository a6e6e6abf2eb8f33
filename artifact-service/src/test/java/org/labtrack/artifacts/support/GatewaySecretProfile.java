package org.labtrack.artifacts.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Filesystem store behind a gateway secret, with proxied multipart switched off. */
public class GatewaySecretProfile implements QuarkusTestProfile {
  public static final String SECRET = "test-internal-secret-0123456789";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(new FileSystemProfile().getConfigOverrides());
    config.put("labtrack.internal.secret", SECRET);
    config.put("artifacts.multipart.enabled", "false");
    return config;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(TrackingStub.class));
  }
}
