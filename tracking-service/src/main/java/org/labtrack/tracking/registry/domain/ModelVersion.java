package org.labtrack.tracking.registry.domain;

import java.util.List;
import org.labtrack.tracking.domain.model.Tag;

/**
 * MLflow's {@code ModelVersion}. {@code status} is always {@code READY}: registration copies
 * nothing, so there is no pending phase. {@code model_id} names the LoggedModel it came from.
 */
public record ModelVersion(
    String name,
    String version,
    Long creationTimestamp,
    Long lastUpdatedTimestamp,
    String userId,
    String currentStage,
    String description,
    String source,
    String runId,
    String status,
    String statusMessage,
    List<Tag> tags,
    String runLink,
    List<String> aliases,
    String modelId) {
}
