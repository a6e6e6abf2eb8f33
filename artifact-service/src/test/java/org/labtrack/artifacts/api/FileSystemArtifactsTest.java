package org.labtrack.artifacts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

  /** A name the filesystem cannot hold is the client's to change (400), not an outage (503). */
  @Test
  void aNameLongerThanTheFilesystemHoldsIsRefused() {
    String longest = "\u00e9".repeat(127) + "x"; // 255 bytes in UTF-8
    put(runRoot + "/" + longest, "fits".getBytes()).then().statusCode(200);
    get(runRoot + "/" + longest).then().statusCode(200).body(equalTo("fits"));
    String tooLong = "\u00e9".repeat(128); // 256 bytes
    put(runRoot + "/dir/" + tooLong, "x".getBytes()).then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", containsString("at most 255 bytes"));
    get(runRoot + "/dir/" + tooLong).then().statusCode(404);
  }

  @Override
  String storeName() {
    return "filesystem";
  }
}
