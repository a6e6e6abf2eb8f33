package org.labtrack.common.error;

import java.util.Optional;

/**
 * A service's knowledge of its own infrastructure failures (a database that went away, storage
 * that cannot be reached). The shared error mapper asks every translator before it gives up and
 * answers 500, so a transient outage reaches the client as the retryable 503 MLflow's client
 * expects instead of an internal error.
 */
public interface ExceptionTranslator {
  Optional<MlflowException> translate(Throwable failure);
}
