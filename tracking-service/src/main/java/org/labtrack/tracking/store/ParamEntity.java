package org.labtrack.tracking.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.sql.Types;
import org.hibernate.annotations.JdbcTypeCode;

/** A run param. Written insert-only by {@link RunDataStore}; read through Panache. */
@Entity
@Table(name = "params")
@IdClass(ParamEntity.Key.class)
public class ParamEntity extends PanacheEntityBase {
  @Id
  @Column(name = "run_uuid", length = 32, columnDefinition = "char(32)")
  @JdbcTypeCode(Types.CHAR)
  public String runUuid;

  @Id
  @Column(name = "`key`", length = 250)
  public String key;

  @Column(nullable = false, length = 8000)
  public String value;

  public record Key(String runUuid, String key) implements Serializable {
  }
}
