package org.labtrack.tracking.registry.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A registered model. Renamed with a native UPDATE (the name is the key); see RegistryStore. */
@Entity
@Table(name = "registered_models")
public class RegisteredModelEntity extends PanacheEntityBase {
  @Id
  @Column(length = 256)
  public String name;

  @Column(name = "creation_time")
  public Long creationTime;

  @Column(name = "last_updated_time")
  public Long lastUpdatedTime;

  @Column(length = 5000)
  public String description;
}
