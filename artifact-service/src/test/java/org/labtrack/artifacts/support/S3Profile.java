package org.labtrack.artifacts.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The S3 store against S3Proxy, with 5 MiB buffers so that multipart paths run on small files,
 * and room for three of them at once (the parallel part uploads of the multipart test) so that
 * the buffer budget can be spent in a test.
 */
public class S3Profile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("artifacts.s3.buffer-size", "5M", "artifacts.s3.buffer-memory", "15M",
        "artifacts.s3.buffer-wait", "2s");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(S3ProxyResource.class), new TestResourceEntry(TrackingStub.class));
  }
}
