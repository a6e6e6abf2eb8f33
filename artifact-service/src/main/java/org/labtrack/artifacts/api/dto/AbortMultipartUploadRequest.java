package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

public record AbortMultipartUploadRequest(String path, @JsonProperty("upload_id") String uploadId) {
}
