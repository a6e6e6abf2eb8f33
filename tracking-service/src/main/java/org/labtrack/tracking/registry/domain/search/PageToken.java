package org.labtrack.tracking.registry.domain.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.PyRepr;

/**
 * MLflow's offset page token: base64 of {@code {"offset": N}}, byte for byte what MLflow's
 * {@code SearchUtils.create_page_token} emits, so tokens from either server read the same.
 */
public final class PageToken {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PageToken() {
  }

  public static String encode(long offset) {
    return Base64.getEncoder().encodeToString(
        ("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token stands for; no token means the first page. */
  public static long decode(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    byte[] decoded;
    try {
      // Python's b64decode skips characters outside the alphabet; the MIME decoder does too
      decoded = Base64.getMimeDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameter("Invalid page token, could not base64-decode");
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    JsonNode parsed;
    try {
      parsed = JSON.readTree(text);
    } catch (Exception e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject()) {
      throw MlflowException.invalidParameter("Invalid page token, decoded value="
          + PyRepr.bytes(decoded));
    }
    JsonNode offset = parsed.get("offset");
    if (offset == null || offset.isNull() || offset.asText().isEmpty()
        || offset.isNumber() && offset.asDouble() == 0 || offset.isBoolean()) {
      throw MlflowException.invalidParameter("Invalid page token, parsed value=" + parsed);
    }
    long value;
    try {
      value = offset.isNumber() ? offset.asLong() : Long.parseLong(offset.asText().strip());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameter("Invalid page token, not stringable "
          + offset.asText());
    }
    if (value < 0) {
      throw MlflowException.invalidParameter("Invalid page token, parsed value=" + parsed);
    }
    return value;
  }
}
