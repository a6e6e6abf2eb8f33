package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record CompleteMultipartUploadRequest(String path, @JsonProperty("upload_id") String uploadId,
    List<MultipartUploadPart> parts) {
}
