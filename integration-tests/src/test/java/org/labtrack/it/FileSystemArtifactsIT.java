package org.labtrack.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.labtrack.it.support.LabTrackStack.Store;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;

/** {@link ArtifactsEndToEnd} on the filesystem store (the embedded default). */
@LabTrackTest(store = Store.FILESYSTEM)
class FileSystemArtifactsIT extends ArtifactsEndToEnd {

  FileSystemArtifactsIT(LabTrackStack stack) {
    super(stack);
  }

  @Override
  byte[] stored(String path) throws IOException {
    Path file = stack.artifactRoot().resolve(path);
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }
}
