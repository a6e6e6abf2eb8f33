package org.labtrack.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.labtrack.it.support.LabTrackStack.Store;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.LabTrackTest;

/** {@link ArtifactsEndToEnd} on the S3 store, against S3Proxy. */
@LabTrackTest(store = Store.S3)
class S3ArtifactsIT extends ArtifactsEndToEnd {

  S3ArtifactsIT(LabTrackStack stack) {
    super(stack);
  }

  /** S3Proxy's filesystem backend keeps each object as the file bucket/key. */
  @Override
  byte[] stored(String path) throws IOException {
    Path file = stack.s3().dataDir().resolve(LabTrackStack.S3_BUCKET)
        .resolve(LabTrackStack.S3_PREFIX + "/" + path);
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }
}
