package org.labtrack.artifacts.store;

/** An upload the client got wrong: a short body, a part that does not match, a name that clashes. */
public class InvalidUploadException extends RuntimeException {
  public InvalidUploadException(String message) {
    super(message, null, false, false);
  }
}
