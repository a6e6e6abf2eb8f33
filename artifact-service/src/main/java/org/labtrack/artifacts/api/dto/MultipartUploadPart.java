package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

public record MultipartUploadPart(@JsonProperty("part_number") Long partNumber, String etag, String url) {
}
