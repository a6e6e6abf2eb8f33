package org.labtrack.artifacts.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.labtrack.artifacts.store.FileSystemArtifactStore;
import org.labtrack.artifacts.support.FileSystemProfile;

/** The contract on the filesystem store; an outage is the artifact folder going away. */
@QuarkusTest
@TestProfile(FileSystemProfile.class)
class FileSystemArtifactsTest extends ArtifactsContractTest {
  private static final Path AWAY = FileSystemProfile.ROOT.resolveSibling(FileSystemProfile.ROOT.getFileName() + "-away");

  @Override
  void storageDown() throws IOException {
    Files.move(FileSystemProfile.ROOT, AWAY);
  }

  @Override
  void storageUp() throws IOException {
    Files.move(AWAY, FileSystemProfile.ROOT);
  }

  @Override
  void assertNoUploadLeftovers() {
    try (Stream<Path> staged = Files.list(FileSystemProfile.ROOT.resolve(FileSystemArtifactStore.STAGING))) {
      assertThat(staged.toList()).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  String storeName() {
    return "filesystem";
  }
}
