package org.labtrack.tracking.registry.domain;

import java.util.List;
import org.labtrack.tracking.domain.model.Tag;

/** MLflow's {@code RegisteredModel}: the newest version per stage, tags and aliases. */
public record RegisteredModel(
    String name,
    Long creationTimestamp,
    Long lastUpdatedTimestamp,
    String description,
    List<ModelVersion> latestVersions,
    List<Tag> tags,
    List<Alias> aliases) {

  /** MLflow's {@code RegisteredModelAlias}. */
  public record Alias(String alias, String version) {
  }
}
