package org.labtrack.tracking.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.Types;
import org.hibernate.annotations.JdbcTypeCode;

/** A bearer token; only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "access_tokens")
public class AccessTokenEntity extends PanacheEntityBase {
  @Id
  @Column(name = "token_id", length = 32, columnDefinition = "char(32)")
  @JdbcTypeCode(Types.CHAR)
  public String id;

  @Column(name = "secret_hash", length = 64, nullable = false, columnDefinition = "char(64)")
  @JdbcTypeCode(Types.CHAR)
  public String secretHash;

  @Column(name = "user_name", length = 256, nullable = false)
  public String user;

  @Column(length = 500)
  public String description;

  @Column(name = "created_at", nullable = false)
  public long createdAt;

  @Column(name = "expires_at")
  public Long expiresAt;
}
