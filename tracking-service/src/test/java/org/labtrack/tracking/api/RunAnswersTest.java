package org.labtrack.tracking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelopes written around runs' JSON, as MLflow's JSON printer writes the messages. */
class RunAnswersTest {

  @Test
  void aRunIsWrappedAsGetRunsResponse() {
    assertThat(text(RunAnswers.run(bytes("{\"info\":{}}")))).isEqualTo("{\"run\":{\"info\":{}}}");
  }

  @Test
  void aPageLeavesOutWhatItDoesNotHave() {
    assertThat(text(RunAnswers.page(List.of(), null))).isEqualTo("{}");
    assertThat(text(RunAnswers.page(List.of(bytes("{\"a\":1}"), bytes("{\"b\":2}")), null)))
        .isEqualTo("{\"runs\":[{\"a\":1},{\"b\":2}]}");
    assertThat(text(RunAnswers.page(List.of(bytes("{}")), "tok")))
        .isEqualTo("{\"runs\":[{}],\"next_page_token\":\"tok\"}");
    assertThat(text(RunAnswers.page(List.of(), "tok"))).isEqualTo("{\"next_page_token\":\"tok\"}");
  }

  @Test
  void theTokenIsEscapedAsAJsonString() {
    assertThat(text(RunAnswers.page(List.of(), "a\"b\\c\u00e9")))
        .isEqualTo("{\"next_page_token\":\"a\\\"b\\\\c\u00e9\"}");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
