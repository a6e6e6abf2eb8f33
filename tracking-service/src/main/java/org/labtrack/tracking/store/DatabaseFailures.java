package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.ExceptionTranslator;
import org.labtrack.common.error.MlflowException;

/**
 * Classifies database failures. An unreachable database becomes MLflow's retryable 503, so the
 * client's own retries carry a lab through a database restart; lock conflicts are retried inside
 * the service by {@link Transactions}; a duplicate key tells a create that the name is taken.
 */
@ApplicationScoped
public class DatabaseFailures implements ExceptionTranslator {
  private static final int ER_DUP_ENTRY = 1062;
  private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
  private static final int ER_LOCK_DEADLOCK = 1213;

  @Override
  public Optional<MlflowException> translate(Throwable failure) {
    return isUnavailable(failure)
        ? Optional.of(new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE,
            "The tracking database is unavailable. The request was not applied; retry later."))
        : Optional.empty();
  }

  /** The connection to the database failed or none could be had from the pool. */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        String message = String.valueOf(sql.getMessage()).toLowerCase();
        if ((state != null && state.startsWith("08")) || message.contains("acquisition timeout")
            || message.contains("communications link failure")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** A deadlock or lock wait timeout: the transaction may simply be run again. */
  public static boolean isLockConflict(Throwable failure) {
    return hasErrorCode(failure, ER_LOCK_DEADLOCK) || hasErrorCode(failure, ER_LOCK_WAIT_TIMEOUT);
  }

  public static boolean isDuplicateKey(Throwable failure) {
    return hasErrorCode(failure, ER_DUP_ENTRY);
  }

  private static boolean hasErrorCode(Throwable failure, int code) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == code) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
