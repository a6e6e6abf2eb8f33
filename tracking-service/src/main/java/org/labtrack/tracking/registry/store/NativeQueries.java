package org.labtrack.tracking.registry.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.hibernate.Session;

/**
 * Plain JDBC reads on the unit of work's own connection, for the queries that are built at run
 * time (searches) or read many small child rows at once. Pending entity changes are flushed
 * first so the query sees them.
 */
@ApplicationScoped
public class NativeQueries {
  /** Bound on IN lists, far below MySQL's placeholder limit. */
  public static final int IN_CHUNK = 500;

  private final EntityManager em;

  NativeQueries(EntityManager em) {
    this.em = em;
  }

  /** Reads one result row. */
  @FunctionalInterface
  public interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  public void query(String sql, List<Object> params, RowReader reader) {
    if (em.isJoinedToTransaction()) {
      em.flush();
    }
    em.unwrap(Session.class).doWork(c -> {
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

  /** {@code n} comma-separated placeholders. */
  public static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  public static <T> List<List<T>> chunks(Collection<T> values) {
    List<T> all = List.copyOf(values);
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      chunks.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return chunks;
  }
}
