package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  /**
   * An update whose ON UPDATE CASCADE would duplicate a key in a child table: renaming a
   * registered model onto a taken name, when both have versions. MariaDB and MySQL say 1557;
   * MySQL 8 says 1761 to a user who may not see the child table.
   */
  private static final int ER_FOREIGN_DUPLICATE_KEY = 1557;
  private static final int ER_FOREIGN_DUPLICATE_KEY_WITHOUT_CHILD_INFO = 1761;
  private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
  private static final int ER_LOCK_DEADLOCK = 1213;
  private static final int ER_DATA_TOO_LONG = 1406;
  private static final Pattern COLUMN = Pattern.compile("column '([^']+)'");

  @Override
  public Optional<MlflowException> translate(Throwable failure) {
    if (isUnavailable(failure)) {
      return Optional.of(new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The tracking database is unavailable. The request was not applied; retry later."));
    }
    // A value longer than its column, where no check in front caught it (MLflow checks few
    // lengths either; its server then fails with a 500). The statement failed, so the
    // transaction wrote nothing.
    return sqlError(failure, ER_DATA_TOO_LONG).map(e -> {
      Matcher column = COLUMN.matcher(String.valueOf(e.getMessage()));
      return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, "The value given for '"
          + (column.find() ? column.group(1) : "a field") + "' is longer than LabTrack "
          + "stores. Nothing was written.");
    });
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
    return hasErrorCode(failure, ER_DUP_ENTRY) || hasErrorCode(failure, ER_FOREIGN_DUPLICATE_KEY)
        || hasErrorCode(failure, ER_FOREIGN_DUPLICATE_KEY_WITHOUT_CHILD_INFO);
  }

  private static boolean hasErrorCode(Throwable failure, int code) {
    return sqlError(failure, code).isPresent();
  }

  /** The first SQL failure with this vendor error code among the causes. */
  private static Optional<SQLException> sqlError(Throwable failure, int code) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == code) {
        return Optional.of(sql);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
