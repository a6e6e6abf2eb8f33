package org.labtrack.tracking.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "experiments")
public class ExperimentEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "experiment_id")
  public Long id;

  @Column(nullable = false, length = 500)
  public String name;

  @Column(name = "artifact_location", length = 2048)
  public String artifactLocation;

  @Column(name = "lifecycle_stage", nullable = false, length = 32)
  public String lifecycleStage;

  @Column(name = "creation_time", nullable = false)
  public long creationTime;

  @Column(name = "last_update_time", nullable = false)
  public long lastUpdateTime;
}
