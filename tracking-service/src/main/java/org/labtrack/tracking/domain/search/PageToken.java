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
import java.util.Optional;
import org.labtrack.common.error.MlflowException;

/**
 * Search page tokens, all base64 of a JSON object.
 *
 * <ul>
 *   <li>Keyset tokens (runs, experiments): base64url JSON holding the last row's sort values and a
 *       short hash of the query they belong to, so that a page never skips or repeats a row when
 *       rows are inserted between requests, and a token replayed against another query is
 *       refused.
 *   <li>MLflow's offset tokens ({@code {"offset": N}}), which the registry issues byte for byte as
 *       MLflow does and every search accepts.
 *   <li>Any other JSON state a search keeps in its token (logged models: MLflow's
 *       {@code SearchLoggedModelsPaginationToken}).
 * </ul>
 */
public final class PageToken {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  /** A decoded token: either an MLflow offset or the sort values of the last row served. */
  public record Position(long offset, List<JsonNode> after) {
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
   * Reads a page token of a keyset search. Null or empty is the first page. Refuses, with MLflow's
   * "Invalid page token" INVALID_PARAMETER_VALUE, anything undecodable, a keyset token of another
   * query or one whose sort values do not fit this query's order ({@code sortValueCount}).
   */
  public static Position decode(String token, String queryHash, int sortValueCount) {
    if (token == null || token.isEmpty()) {
      return Position.START;
    }
    JsonNode root = object(token);
    if (root.has("k") || root.has("q")) {
      return keysetPosition(root, queryHash, sortValueCount);
    }
    return new Position(offsetOf(root), null);
  }

  /** MLflow's {@code create_page_token}: base64 of {@code {"offset": N}}, as Python writes it. */
  public static String offsetToken(long offset) {
    return Base64.getEncoder().encodeToString(
        ("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The offset an MLflow offset token stands for, read as MLflow's
   * {@code parse_start_offset_from_page_token} reads it; null or empty is the first page.
   */
  public static long decodeOffset(String token) {
    return token == null || token.isEmpty() ? 0 : offsetOf(object(token));
  }

  /** A token holding a search's own JSON state, standard base64 as MLflow encodes such state. */
  public static String jsonToken(JsonNode state) {
    return Base64.getEncoder().encodeToString(state.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON object a token holds; empty when it is not base64 of a JSON object. */
  public static Optional<JsonNode> readJsonObject(String token) {
    byte[] decoded = base64(token);
    JsonNode root = decoded == null ? null : json(decoded);
    return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
  }

  /** The token's JSON object, or MLflow's error for what is not one. */
  private static JsonNode object(String token) {
    byte[] decoded = base64(token);
    if (decoded == null) {
      throw invalid("could not base64-decode");
    }
    JsonNode root = json(decoded);
    if (root == null || !root.isObject()) {
      throw invalid("decoded value=" + PyRepr.bytes(decoded));
    }
    return root;
  }

  /** Keyset tokens are base64url; MLflow's are standard base64, characters outside it skipped. */
  private static byte[] base64(String token) {
    try {
      return token.indexOf('-') >= 0 || token.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(stripPadding(token))
          : Base64.getMimeDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * MLflow reads {@code int(token["offset"])} after refusing a falsy one: 0, "", false, null and
   * empty containers are refused, true is 1, a string is parsed. Negative offsets are refused too
   * (MLflow would slice from the end or fail in SQL).
   */
  private static long offsetOf(JsonNode root) {
    JsonNode offset = root.get("offset");
    if (offset == null || offset.isNull() || offset.isContainerNode()
        || offset.isBoolean() && !offset.asBoolean()
        || offset.isTextual() && offset.asText().isEmpty()
        || offset.isNumber() && (offset.asDouble() == 0 || !offset.canConvertToLong())) {
      throw invalid("parsed value=" + root);
    }
    long value;
    if (offset.isBoolean()) {
      value = 1;
    } else if (offset.isNumber()) {
      value = offset.asLong();
    } else {
      try {
        value = Long.parseLong(offset.asText().strip());
      } catch (NumberFormatException e) {
        throw invalid("not stringable " + offset.asText());
      }
    }
    if (value < 0) {
      throw invalid("parsed value=" + root);
    }
    return value;
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
