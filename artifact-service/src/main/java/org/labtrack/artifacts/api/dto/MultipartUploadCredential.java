package org.labtrack.artifacts.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Where to PUT one part; the client replays {@code headers} on that PUT. */
public record MultipartUploadCredential(String url, @JsonProperty("part_number") long partNumber,
    Map<String, String> headers) {
}
