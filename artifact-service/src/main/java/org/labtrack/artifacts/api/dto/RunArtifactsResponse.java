package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET mlflow/artifacts/list} and ListLoggedModelArtifacts: paths relative to the run's or
 * the model's artifact root.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunArtifactsResponse(@JsonProperty("root_uri") String rootUri, List<FileInfo> files,
    @JsonProperty("next_page_token") String nextPageToken) {
}
