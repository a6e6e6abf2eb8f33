package org.labtrack.common.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Set;

/**
 * A request's JSON values keep their types, as MLflow's protobuf parser keeps them: a number or a
 * boolean where a string belongs is refused, not turned into text ({@code {"name": 123}} used to
 * create an experiment named "123"; a numeric run id was looked up and "not found"). The one
 * exception is MLflow's too: experiment ids, which clients before MLflow 0.9 sent as numbers
 * and which MLflow's server still turns into strings wherever they appear. Enum fields take a
 * whole number as well as a name, as protobuf's JSON does ({@code "status": 3} is FINISHED); the
 * number is read as its text, for the field's parser to map. A list may not hold {@code null},
 * which protobuf refuses in a repeated field (a {@code "tags": [null]} reached the services as a
 * missing tag and failed there with a 500).
 *
 * <p>A refused value leaves as an {@link InvalidFormatException} carrying the value as read
 * (String, Number or Boolean), from which the error mapper writes MLflow's message.
 */
public final class JsonTypes {
  private static final Set<String> EXPERIMENT_ID_FIELDS = Set.of("experiment_id",
      "experiment_ids");
  /** The enum fields of the requests served (RunStatus, ViewType, LoggedModelStatus). */
  private static final Set<String> ENUM_FIELDS = Set.of("status", "view_type", "run_view_type");

  private JsonTypes() {
  }

  /** Has {@code mapper} read requests this way. */
  public static void apply(ObjectMapper mapper) {
    mapper.registerModule(new SimpleModule("mlflow-json-types")
        .addDeserializer(String.class, new StringDeserializer()));
    mapper.addHandler(new ScalarMismatch());
    mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
  }

  /** Strings only from JSON strings, experiment ids and enum numbers excepted. */
  private static final class StringDeserializer extends StdScalarDeserializer<String> {
    StringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        return wholeCharacters(p, p.getText());
      }
      JsonToken token = p.currentToken();
      if (token != null && token.isScalarValue() && isIn(p.getParsingContext(),
          EXPERIMENT_ID_FIELDS)) {
        return p.getText();
      }
      if (token == JsonToken.VALUE_NUMBER_INT && isIn(p.getParsingContext(), ENUM_FIELDS)) {
        return p.getText();
      }
      return (String) ctxt.handleUnexpectedToken(String.class, p);
    }

    /**
     * A JSON escape can spell half a character ({@code "\\ud800"}), which no database column
     * holds: the MySQL driver wrote it as '?', so "a\\ud800b" was stored as "a?b", silently.
     */
    private static String wholeCharacters(JsonParser p, String text) throws HalfCharacter {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new HalfCharacter(p, c, i);
        }
      }
      return text;
    }

    private static boolean isIn(JsonStreamContext context, Set<String> fields) {
      // a field's value, or an element of a list that is one
      JsonStreamContext field = context.inArray() ? context.getParent() : context;
      return field != null && fields.contains(field.getCurrentName());
    }
  }

  /**
   * A scalar where another type belongs (a number for a string, text for a list or an object),
   * reported with the value, which Jackson's own exception for it does not carry.
   */
  private static final class ScalarMismatch extends DeserializationProblemHandler {
    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType,
        JsonToken token, JsonParser p, String failureMsg) throws IOException {
      return refuse(p, targetType.getRawClass());
    }

    /** A scalar where an object belongs: Jackson looks for a constructor taking it. */
    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
        ValueInstantiator instantiator, JsonParser p, String msg) throws IOException {
      return refuse(p, instClass);
    }

    private static Object refuse(JsonParser p, Class<?> target) throws IOException {
      JsonToken token = p.currentToken();
      Object value = switch (token == null ? JsonToken.NOT_AVAILABLE : token) {
        case VALUE_STRING -> p.getText();
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
        case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
        default -> null;
      };
      if (value == null) {
        return NOT_HANDLED;
      }
      throw InvalidFormatException.from(p, "unexpected " + token, value, target);
    }
  }

  /** Text holding half of a UTF-16 surrogate pair, which is no character. */
  public static final class HalfCharacter extends JsonMappingException {
    private final String reason;

    HalfCharacter(JsonParser p, char half, int index) {
      super(p, "half a character");
      this.reason = String.format("\\u%04x at character %d is half of a UTF-16 surrogate pair, "
          + "not a character", (int) half, index);
    }

    /** What is wrong, without the value: where and which half. */
    public String reason() {
      return reason;
    }
  }
}
