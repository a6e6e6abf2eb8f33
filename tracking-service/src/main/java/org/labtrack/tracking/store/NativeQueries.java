package org.labtrack.tracking.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.hibernate.Session;

/**
 * Plain JDBC on the unit of work's own connection (the Hibernate session's: inside a transaction
 * the transaction's, outside one the request's), for the queries that are built at run time
 * (searches) or read or write many small rows at once.
 *
 * <p>All plain JDBC in the service runs on this connection, through this class, never on one
 * borrowed from the pool, so a request holds at most one pooled connection. Reads that borrowed
 * a second one from the pool while the session held the first could exhaust the pool with half
 * its size in concurrent requests, each holding one connection and waiting for another until the
 * acquisition timeout (503s for 64 concurrent readers with a pool of 32).
 */
@ApplicationScoped
public class NativeQueries {
  /** Bound on IN lists, far below MySQL's placeholder limit. */
  private static final int IN_CHUNK = 500;

  /**
   * Index hint for reading a child table's rows of some parents ({@code WHERE parent IN (...)
   * ORDER BY parent, key}) along its primary key. When the list covers much of a small table
   * (a new lab's first hundred runs), MariaDB otherwise scans the table and sorts it, which more
   * than doubled the query's cost; on the key the rows come sorted, whatever the table's size.
   */
  public static final String BY_PRIMARY_KEY = "FORCE INDEX (PRIMARY)";

  private final EntityManager em;

  NativeQueries(EntityManager em) {
    this.em = em;
  }

  /** Reads one result row. */
  @FunctionalInterface
  public interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /** Work on the unit of work's connection, which it must not close. */
  @FunctionalInterface
  public interface Work<T> {
    T execute(Connection connection) throws SQLException;
  }

  /** Work on the unit of work's connection that answers nothing. */
  @FunctionalInterface
  public interface Use {
    void execute(Connection connection) throws SQLException;
  }

  /** Runs {@code work} on the unit of work's connection; SQL failures come as Hibernate's. */
  public <T> T withConnection(Work<T> work) {
    return em.unwrap(Session.class).doReturningWork(work::execute);
  }

  /** As {@link #withConnection}, for work that answers nothing. */
  public void useConnection(Use use) {
    em.unwrap(Session.class).doWork(use::execute);
  }

  /** Pending entity changes are flushed first so the query sees them. */
  public void query(String sql, List<Object> params, RowReader reader) {
    if (em.isJoinedToTransaction()) {
      em.flush();
    }
    useConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < params.size(); i++) {
          s.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            reader.read(rs);
          }
        }
      }
    });
  }

  /**
   * Runs {@code sql} for the {@code keys} a chunk at a time: its {@code %s} becomes the chunk's
   * placeholders (an IN list), bound between the {@code before} and {@code after} parameters.
   */
  public void queryIn(String sql, List<?> before, Collection<?> keys, List<?> after,
      RowReader reader) {
    for (List<?> chunk : chunks(keys)) {
      List<Object> params = new ArrayList<>(before.size() + chunk.size() + after.size());
      params.addAll(before);
      params.addAll(chunk);
      params.addAll(after);
      query(sql.replace("%s", marks(chunk.size())), params, reader);
    }
  }

  /** {@link #queryIn(String, List, Collection, List, RowReader)} with only the keys bound. */
  public void queryIn(String sql, Collection<?> keys, RowReader reader) {
    queryIn(sql, List.of(), keys, List.of(), reader);
  }

  /**
   * Runs the write {@code sql} for the {@code keys} a chunk at a time, its {@code %s} the chunk's
   * placeholders; answers how many rows it changed. Pending entity changes are flushed first.
   */
  public int updateIn(String sql, Collection<?> keys) {
    if (em.isJoinedToTransaction()) {
      em.flush();
    }
    return withConnection(c -> {
      int changed = 0;
      for (List<?> chunk : chunks(keys)) {
        try (PreparedStatement s = c.prepareStatement(sql.replace("%s", marks(chunk.size())))) {
          for (int i = 0; i < chunk.size(); i++) {
            s.setObject(i + 1, chunk.get(i));
          }
          changed += s.executeUpdate();
        }
      }
      return changed;
    });
  }

  /** {@code n} comma-separated placeholders. */
  public static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static <T> List<List<T>> chunks(Collection<T> values) {
    List<T> all = List.copyOf(values);
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      chunks.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return chunks;
  }
}
