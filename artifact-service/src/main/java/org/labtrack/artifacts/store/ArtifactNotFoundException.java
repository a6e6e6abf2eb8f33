package org.labtrack.artifacts.store;

/** There is no file (or multipart upload) where the request points. */
public class ArtifactNotFoundException extends RuntimeException {
  public ArtifactNotFoundException(String message) {
    super(message, null, false, false);
  }
}
