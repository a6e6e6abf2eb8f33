package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** MLflow's FileInfo: directories carry no {@code file_size}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileInfo(String path, @JsonProperty("is_dir") boolean isDir,
    @JsonProperty("file_size") Long fileSize) {
}
