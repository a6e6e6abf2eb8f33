package org.labtrack.tracking.domain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * The one page-token codec: keyset tokens (runs, experiments), MLflow's offset tokens (the
 * registry; accepted everywhere) and a search's own JSON state (logged models). Offsets are read
 * as MLflow 3.6's {@code parse_start_offset_from_page_token} reads them.
 */
class PageTokenTest {

  @Test
  void pageTokensRoundTripAndRefuseStrangers() {
    String hash = PageToken.queryHash("runs", "[1]", "ALL", "metrics.a > 1", "");
    String token = PageToken.keyset(hash, java.util.Arrays.asList(0L, 0.1 + 0.2, null, "abc"));
    assertThat(token).matches("[A-Za-z0-9_-]+");
    PageToken.Position position = PageToken.decode(token, hash, 4);
    assertThat(position.isKeyset()).isTrue();
    assertThat(position.after().get(1).asDouble()).isEqualTo(0.1 + 0.2);
    assertThat(position.after().get(2).isNull()).isTrue();
    assertThat(position.after().get(3).asText()).isEqualTo("abc");

    assertThat(PageToken.queryHash("a", "bc")).isNotEqualTo(PageToken.queryHash("ab", "c"));
    assertInvalid(() -> PageToken.decode(token, PageToken.queryHash("other"), 4),
        "Invalid page token, it belongs to a different search (experiment ids, filter, order_by "
            + "or view type differ)");
    assertInvalid(() -> PageToken.decode(token, hash, 3), "Invalid page token, parsed value="
        + "{\"v\":1,\"q\":\"" + hash + "\",\"k\":[0,0.30000000000000004,null,\"abc\"]}");
    assertInvalid(() -> PageToken.decode("e30", hash, 4), "Invalid page token, parsed value={}");
    assertInvalid(() -> PageToken.decode("bm90IGpzb24=", hash, 4),
        "Invalid page token, decoded value=b'not json'");
    assertInvalid(() -> PageToken.decode("abc-=x", hash, 4),
        "Invalid page token, could not base64-decode");
    // MLflow's own tokens: base64 of {"offset": N}
    assertThat(PageToken.decode("eyJvZmZzZXQiOiAxMDAwfQ==", hash, 4).offset()).isEqualTo(1000);
    assertInvalid(() -> PageToken.decode("eyJvZmZzZXQiOiAwfQ==", hash, 4),
        "Invalid page token, parsed value={\"offset\":0}");
    assertThat(PageToken.decode(null, hash, 4)).isEqualTo(PageToken.Position.START);
    assertThat(PageToken.decode("", hash, 4)).isEqualTo(PageToken.Position.START);
  }

  @Test
  void pageTokensAreMlflowsOffsetTokens() {
    assertThat(PageToken.offsetToken(100)).isEqualTo("eyJvZmZzZXQiOiAxMDB9");
    assertThat(PageToken.decodeOffset("eyJvZmZzZXQiOiAxMDB9")).isEqualTo(100);
    assertThat(PageToken.decodeOffset(null)).isZero();
    assertInvalid(() -> PageToken.decodeOffset("bm90IGpzb24="),
        "Invalid page token, decoded value=b'not json'");
    assertInvalid(() -> PageToken.decodeOffset("eyJvZmZzZXQiOiAwfQ=="),
        "Invalid page token, parsed value={\"offset\":0}");
    assertInvalid(() -> PageToken.decodeOffset("eyJvZmZzZXQiOiAieCJ9"),
        "Invalid page token, not stringable x");
  }

  @Test
  void offsetsReadAsMlflowReadsThem() {
    // where the two former codecs disagreed: true is int(True) == 1, false is falsy
    assertThat(PageToken.decodeOffset("eyJvZmZzZXQiOiB0cnVlfQ==")).isEqualTo(1);
    assertInvalid(() -> PageToken.decodeOffset("eyJvZmZzZXQiOiBmYWxzZX0="),
        "Invalid page token, parsed value={\"offset\":false}");
    // offsets beyond an int are fine, for keyset searches too
    assertThat(PageToken.decodeOffset("eyJvZmZzZXQiOiAzMDAwMDAwMDAwfQ=="))
        .isEqualTo(3_000_000_000L);
    assertThat(PageToken.decode("eyJvZmZzZXQiOiAzMDAwMDAwMDAwfQ==", "h", 1).offset())
        .isEqualTo(3_000_000_000L);
    assertThat(PageToken.decodeOffset("eyJvZmZzZXQiOiAiIDUgIn0=")).isEqualTo(5);
    assertThat(PageToken.decodeOffset("eyJvZmZzZXQiOiAwLjV9")).isZero();
    assertInvalid(() -> PageToken.decodeOffset("eyJvZmZzZXQiOiAiMS41In0="),
        "Invalid page token, not stringable 1.5");
    // bytes print as Python prints bytes
    assertInvalid(() -> PageToken.decodeOffset("/w=="), "Invalid page token, decoded value="
        + "b'\\xff'");
    // a keyset token has no offset
    String keyset = PageToken.keyset("h", java.util.List.of(1L));
    assertThatThrownBy(() -> PageToken.decodeOffset(keyset)).isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("Invalid page token, parsed value={\"v\":1,");
  }

  @Test
  void searchStateTokensRoundTrip() {
    ObjectNode state = JsonNodeFactory.instance.objectNode().put("offset", 3)
        .put("filter_string", "name = 'a'");
    String token = PageToken.jsonToken(state);
    assertThat(token).matches("[A-Za-z0-9+/]+=*");
    assertThat(PageToken.readJsonObject(token)).contains(state);
    assertThat(PageToken.readJsonObject("%%")).isEmpty();
    assertThat(PageToken.readJsonObject("WzFd")).isEmpty(); // [1]
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(message);
  }
}
