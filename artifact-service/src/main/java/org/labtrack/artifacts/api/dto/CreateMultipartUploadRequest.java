package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code path} is the client's local file path; only its base name matters. */
public record CreateMultipartUploadRequest(String path, @JsonProperty("num_parts") Long numParts) {
}
