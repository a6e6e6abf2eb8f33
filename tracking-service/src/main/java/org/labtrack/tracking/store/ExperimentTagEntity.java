package org.labtrack.tracking.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

@Entity
@Table(name = "experiment_tags")
@IdClass(ExperimentTagEntity.Key.class)
public class ExperimentTagEntity extends PanacheEntityBase {
  @Id
  @Column(name = "experiment_id")
  public Long experimentId;

  @Id
  @Column(name = "`key`", length = 250)
  public String key;

  @Column(columnDefinition = "text")
  public String value;

  public record Key(Long experimentId, String key) implements Serializable {
  }
}
