package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code GET mlflow-artifacts/artifacts}: base names only; an empty listing is {@code {}} as in MLflow. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ListArtifactsResponse(List<FileInfo> files) {
}
