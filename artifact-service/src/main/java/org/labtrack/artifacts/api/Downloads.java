package org.labtrack.artifacts.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.labtrack.artifacts.domain.ArtifactService.Download;

/** Turns an opened artifact into a streamed response with MLflow's attachment headers. */
final class Downloads {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._\\-+]+");

  private Downloads() {
  }

  static Response toResponse(Download download) {
    InputStream body = download.body();
    StreamingOutput stream = out -> {
      try (body) {
        body.transferTo(out);
      }
    };
    Response.ResponseBuilder response = Response.status(download.range().partial() ? 206 : 200)
        .entity(stream)
        .header(HttpHeaders.CONTENT_TYPE, download.contentType())
        .header(HttpHeaders.CONTENT_LENGTH, download.range().length())
        .header("Accept-Ranges", "bytes")
        // Always an attachment, so a browser never renders artifact content on LabTrack's origin.
        .header("Content-Disposition", disposition(download.name()))
        .header("X-Content-Type-Options", "nosniff");
    if (download.range().partial()) {
      response.header("Content-Range", "bytes " + download.range().start() + "-"
          + download.range().end() + "/" + download.size());
    }
    return response.build();
  }

  /** MLflow's {@code attachment; filename=x}, with an RFC 6266 form for names that need quoting. */
  static String disposition(String name) {
    if (PLAIN_NAME.matcher(name).matches()) {
      return "attachment; filename=" + name;
    }
    String fallback = name.replaceAll("[^A-Za-z0-9._\\-+ ]", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
  }
}
