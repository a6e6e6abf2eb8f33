package org.labtrack.tracking.loggedmodel.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An MLflow 3 LoggedModel. {@code status} is the proto enum's number, as MLflow stores it. */
@Entity
@Table(name = "logged_models")
public class LoggedModelEntity extends PanacheEntityBase {
  @Id
  @Column(name = "model_id", length = 36)
  public String modelId;

  @Column(name = "experiment_id", nullable = false)
  public long experimentId;

  @Column(nullable = false, length = 500)
  public String name;

  @Column(name = "artifact_location", nullable = false, length = 2048)
  public String artifactLocation;

  @Column(name = "creation_timestamp_ms", nullable = false)
  public long creationTimestampMs;

  @Column(name = "last_updated_timestamp_ms", nullable = false)
  public long lastUpdatedTimestampMs;

  @Column(nullable = false)
  public int status;

  @Column(name = "lifecycle_stage", nullable = false, length = 32)
  public String lifecycleStage;

  @Column(name = "model_type", length = 500)
  public String modelType;

  @Column(name = "source_run_id", length = 32)
  public String sourceRunId;

  @Column(name = "status_message", length = 1000)
  public String statusMessage;
}
