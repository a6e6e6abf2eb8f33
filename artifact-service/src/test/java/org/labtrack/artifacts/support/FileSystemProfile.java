package org.labtrack.artifacts.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The filesystem store in a fresh temporary folder. */
public class FileSystemProfile implements QuarkusTestProfile {
  public static final Path ROOT = tempRoot();

  private static Path tempRoot() {
    try {
      Path root = Files.createTempDirectory("labtrack-artifacts-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> S3ProxyServer.deleteTree(root)));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("artifacts.store.type", "filesystem", "artifacts.filesystem.root", ROOT.toString());
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(TrackingStub.class));
  }
}
