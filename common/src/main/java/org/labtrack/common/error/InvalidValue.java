package org.labtrack.common.error;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * MLflow's words for a value a request should not have had ({@code invalid_value} in its
 * handlers and validation): the value as JSON, the parameter's path in the request, and a hint.
 */
public final class InvalidValue {
  /** What MLflow's handlers add to each refusal of their request schema. */
  static final String SEE_THE_DOCS =
      " See the API docs for more information about request parameters.";

  private InvalidValue() {
  }

  /** {@code Invalid value <jsonValue> for parameter '<path>' supplied[: <hint>]}. */
  public static String message(String path, String jsonValue, String hint) {
    return hint == null
        ? "Invalid value " + jsonValue + " for parameter '" + path + "' supplied."
        : "Invalid value " + jsonValue + " for parameter '" + path + "' supplied: " + hint;
  }

  /**
   * What MLflow's handler schema says of a JSON value of the wrong type (a number where a string
   * belongs, text where a number does), naming the type as Python does. {@code value}: a
   * {@link String}, {@link Number} or {@link Boolean} as read from the request, or {@code null}
   * (JSON's null, where a list's element belongs).
   */
  public static String wrongType(String path, Object value) {
    return message(path, json(value), " Hint: Value was of type '" + pythonType(value) + "'.")
        + SEE_THE_DOCS;
  }

  /** A scalar as Python's {@code json.dumps} writes it. */
  public static String json(Object value) {
    if (value == null) {
      return "null";
    }
    return value instanceof String text ? quote(text) : value.toString();
  }

  /** JSON string literal with Python's {@code ensure_ascii} escaping, as {@code json.dumps}. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String pythonType(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
        || value instanceof Short || value instanceof Byte) {
      return "int";
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return "float";
    }
    return value instanceof Iterable<?> ? "list" : "dict";
  }
}
