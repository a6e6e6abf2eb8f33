package org.labtrack.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.common.json.JsonTypes;

/** What a request of the wrong JSON types is told: {@link JsonTypes} read, then described. */
class JsonTypeErrorsTest {
  private static final String DOCS =
      " See the API docs for more information about request parameters.";

  record Item(String key, Long step) {
  }

  record Request(String name, String experimentId, List<String> experimentIds,
      List<Item> items, String status) {
  }

  private final ObjectMapper mapper = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  JsonTypeErrorsTest() {
    JsonTypes.apply(mapper);
  }

  @Test
  void aNumberOrBooleanIsNoString() {
    assertThat(refusal("{\"name\": 123}")).isEqualTo(
        "Invalid value 123 for parameter 'name' supplied:  Hint: Value was of type 'int'." + DOCS);
    assertThat(refusal("{\"name\": 9.5}")).isEqualTo(
        "Invalid value 9.5 for parameter 'name' supplied:  Hint: Value was of type 'float'."
            + DOCS);
    assertThat(refusal("{\"items\": [{\"key\": false}]}")).isEqualTo("Invalid value false for "
        + "parameter 'items[0].key' supplied:  Hint: Value was of type 'bool'." + DOCS);
  }

  @Test
  void textWhereANumberListOrObjectBelongsIsQuotedAsJson() {
    assertThat(refusal("{\"items\": [{\"key\": \"k\", \"step\": \"fö\"}]}")).isEqualTo(
        "Invalid value \"f\\u00f6\" for parameter 'items[0].step' supplied:  Hint: Value was of "
            + "type 'str'." + DOCS);
    assertThat(refusal("{\"items\": \"foo\"}")).startsWith(
        "Invalid value \"foo\" for parameter 'items' supplied:  Hint: Value was of type 'str'.");
    assertThat(refusal("{\"items\": [7]}")).startsWith(
        "Invalid value 7 for parameter 'items[0]' supplied:  Hint: Value was of type 'int'.");
  }

  @Test
  void experimentIdsMayBeNumbersAsInMlflow() throws Exception {
    Request read = mapper.readValue(
        "{\"name\": \"n\", \"experiment_id\": 7, \"experiment_ids\": [1, \"2\"]}", Request.class);
    assertThat(read.experimentId()).isEqualTo("7");
    assertThat(read.experimentIds()).containsExactly("1", "2");
  }

  @Test
  void anEnumMayBeAWholeNumberAsInProtobufJson() throws Exception {
    assertThat(mapper.readValue("{\"status\": 3}", Request.class).status()).isEqualTo("3");
    assertThat(refusal("{\"status\": 3.0}")).startsWith(
        "Invalid value 3.0 for parameter 'status' supplied:  Hint: Value was of type 'float'.");
    assertThat(refusal("{\"status\": true}")).startsWith(
        "Invalid value true for parameter 'status' supplied:  Hint: Value was of type 'bool'.");
    assertThat(refusal("{\"name\": 3}")).startsWith("Invalid value 3 for parameter 'name'");
  }

  @Test
  void aListHoldsNoNull() {
    assertThat(refusal("{\"items\": [null]}")).isEqualTo("Invalid value null for parameter "
        + "'items[0]' supplied:  Hint: Value was of type 'NoneType'." + DOCS);
    assertThat(refusal("{\"experiment_ids\": [\"1\", null]}")).startsWith(
        "Invalid value null for parameter 'experiment_ids[1]' supplied:");
  }

  @Test
  void textHoldsWholeCharactersOnly() throws Exception {
    assertThat(refusal("{\"name\": \"a\\ud800b\"}")).isEqualTo("Invalid value for parameter "
        + "'name' supplied: \\ud800 at character 1 is half of a UTF-16 surrogate pair, not a "
        + "character.");
    assertThat(refusal("{\"items\": [{\"key\": \"\\ude00\"}]}"))
        .startsWith("Invalid value for parameter 'items[0].key' supplied: \\ude00 at character 0");
    // a whole pair is a character (U+1F600)
    assertThat(mapper.readValue("{\"name\": \"\\ud83d\\ude00\"}", Request.class).name())
        .isEqualTo("\uD83D\uDE00");
  }

  @Test
  void anArrayOrObjectWhereAStringBelongsNamesTheExpectedType() {
    assertThat(refusal("{\"name\": [\"a\"]}"))
        .isEqualTo("Invalid value for parameter 'name' supplied. Expected a string.");
  }

  private String refusal(String json) {
    JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
        () -> mapper.readValue(json, Request.class));
    assertThat(e).as("refused: " + json).isNotNull();
    return ErrorMappers.describe(e);
  }
}
