package org.labtrack.artifacts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "null             | 0  | 100 | false",
      "bytes=0-9        | 0  | 10  | true",
      "bytes=90-        | 90 | 10  | true",
      "bytes=-5         | 95 | 5   | true",
      "bytes=-500       | 0  | 100 | true",
      "bytes=95-200     | 95 | 5   | true",
      "'bytes = 1 - 2'  | 1  | 2   | true",
      "bytes=0-1,5-6    | 0  | 100 | false",
      "bytes=9-3        | 0  | 100 | false",
      "pages=1-2        | 0  | 100 | false",
      "bytes=-          | 0  | 100 | false",
      "bytes=99999999999999999999- | 0 | 100 | false"})
  void parses(String header, long start, long length, boolean partial) {
    assertThat(ByteRange.parse(header, 100)).isEqualTo(new ByteRange(start, length, partial));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0"})
  void unsatisfiable(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 100))
        .isInstanceOfSatisfying(ByteRange.UnsatisfiableRangeException.class, e -> assertThat(e.size()).isEqualTo(100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=0-", "bytes=-1"})
  void anyRangeOfAnEmptyFileIsUnsatisfiable(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 0)).isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
  }
}
