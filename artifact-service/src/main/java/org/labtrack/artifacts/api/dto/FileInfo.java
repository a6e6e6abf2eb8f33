package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * MLflow's FileInfo: directories carry no {@code file_size}, and neither do empty files (MLflow
 * sets the size only when it is not zero; clients read a missing one as 0).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileInfo(String path, @JsonProperty("is_dir") boolean isDir,
    @JsonProperty("file_size") Long fileSize) {

  public FileInfo {
    if (fileSize != null && fileSize == 0) {
      fileSize = null;
    }
  }
}
