package org.labtrack.tracking.registry.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

@Entity
@Table(name = "model_versions")
@IdClass(ModelVersionEntity.Key.class)
public class ModelVersionEntity extends PanacheEntityBase {
  @Id
  @Column(length = 256)
  public String name;

  @Id
  public int version;

  @Column(name = "creation_time")
  public Long creationTime;

  @Column(name = "last_updated_time")
  public Long lastUpdatedTime;

  @Column(length = 5000)
  public String description;

  @Column(name = "user_id", length = 256)
  public String userId;

  @Column(name = "current_stage", nullable = false, length = 20)
  public String currentStage;

  @Column(length = 2048)
  public String source;

  @Column(name = "storage_location", length = 2048)
  public String storageLocation;

  @Column(name = "run_id", length = 32)
  public String runId;

  @Column(name = "run_link", length = 2048)
  public String runLink;

  @Column(nullable = false, length = 20)
  public String status;

  @Column(name = "status_message", length = 500)
  public String statusMessage;

  @Column(name = "model_id", length = 36)
  public String modelId;

  public record Key(String name, int version) implements Serializable {
  }
}
