package org.labtrack.tracking.domain.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.labtrack.common.error.MlflowException;

/**
 * Search page tokens. LabTrack issues keyset tokens: base64url JSON holding the last row's sort
 * values and a short hash of the query they belong to, so that a page never skips or repeats a
 * row when rows are inserted between requests, and a token replayed against another query is
 * refused. MLflow's own offset tokens (base64 {@code {"offset": N}}) are still accepted.
 */
public final class PageToken {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  /** A decoded token: either an MLflow offset or the sort values of the last row served. */
  public record Position(int offset, List<JsonNode> after) {
    public static final Position START = new Position(0, null);

    public boolean isKeyset() {
      return after != null;
    }
  }

  private PageToken() {
  }

  /** A short, stable hash of everything that defines a search's result order. */
  public static String queryHash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A keyset token after the row whose sort values are given (Long, Integer, Double, String or
   * null, in ORDER BY order).
   */
  public static String keyset(String queryHash, List<?> sortValues) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("q", queryHash);
    ArrayNode after = root.putArray("k");
    for (Object value : sortValues) {
      if (value == null) {
        after.addNull();
      } else if (value instanceof Double d) {
        after.add(d);
      } else if (value instanceof Number n) {
        after.add(n.longValue());
      } else {
        after.add(value.toString());
      }
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a page token. Null or empty is the first page. Refuses, with MLflow's "Invalid page
   * token" INVALID_PARAMETER_VALUE, anything undecodable, a keyset token of another query or one
   * whose sort values do not fit this query's order ({@code sortValueCount}).
   */
  public static Position decode(String token, String queryHash, int sortValueCount) {
    if (token == null || token.isEmpty()) {
      return Position.START;
    }
    byte[] decoded;
    try {
      decoded = token.indexOf('-') >= 0 || token.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(stripPadding(token))
          : Base64.getMimeDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("could not base64-decode");
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw invalid("decoded value=" + PyRepr.bytes(decoded));
    }
    if (root.has("k") || root.has("q")) {
      return keysetPosition(root, queryHash, sortValueCount);
    }
    JsonNode offset = root.get("offset");
    if (offset == null || offset.isNull() || offset.asText().isEmpty()
        || (offset.isNumber() && offset.asDouble() == 0)) {
      throw invalid("parsed value=" + root);
    }
    long value;
    try {
      value = offset.isNumber() ? offset.asLong() : Long.parseLong(offset.asText().strip());
    } catch (NumberFormatException e) {
      throw invalid("not stringable " + offset.asText());
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw invalid("parsed value=" + root);
    }
    return new Position((int) value, null);
  }

  private static Position keysetPosition(JsonNode root, String queryHash, int sortValueCount) {
    JsonNode after = root.get("k");
    if (root.path("v").asInt() != VERSION || after == null || !after.isArray()) {
      throw invalid("parsed value=" + root);
    }
    if (!queryHash.equals(root.path("q").asText())) {
      throw invalid("it belongs to a different search (experiment ids, filter, order_by or "
          + "view type differ)");
    }
    if (after.size() != sortValueCount) {
      throw invalid("parsed value=" + root);
    }
    JsonNode[] values = new JsonNode[after.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = after.get(i);
    }
    return new Position(0, List.of(values));
  }

  private static String stripPadding(String token) {
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') {
      end--;
    }
    return token.substring(0, end);
  }

  private static MlflowException invalid(String detail) {
    return MlflowException.invalidParameter("Invalid page token, " + detail);
  }
}
