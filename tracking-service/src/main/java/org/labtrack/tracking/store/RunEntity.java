package org.labtrack.tracking.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import java.sql.Types;

@Entity
@Table(name = "runs")
public class RunEntity extends PanacheEntityBase {
  @Id
  @Column(name = "run_uuid", length = 32, columnDefinition = "char(32)")
  @JdbcTypeCode(Types.CHAR)
  public String runUuid;

  @Column(name = "experiment_id", nullable = false)
  public long experimentId;

  @Column(length = 250)
  public String name;

  @Column(name = "user_id", length = 256)
  public String userId;

  @Column(nullable = false, length = 20)
  public String status;

  @Column(name = "start_time")
  public Long startTime;

  @Column(name = "end_time")
  public Long endTime;

  @Column(name = "deleted_time")
  public Long deletedTime;

  @Column(name = "lifecycle_stage", nullable = false, length = 20)
  public String lifecycleStage;

  @Column(name = "artifact_uri", length = 2048)
  public String artifactUri;
}
