package org.labtrack.artifacts.store;

/** The storage behind the store cannot be reached or refuses to work; retrying later may help. */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
