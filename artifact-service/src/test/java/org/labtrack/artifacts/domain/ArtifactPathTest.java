package org.labtrack.artifacts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

class ArtifactPathTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0/abc/artifacts/model.pkl | 0/abc/artifacts/model.pkl",
      "dir/                      | dir",
      "./a/./b                   | a/b",
      "données/模型 v2            | données/模型 v2",
      "a%20b/c                   | a b/c",
      "100%25.txt                | 100%.txt",
      "a+b.txt                   | a+b.txt",
      "%E6%A8%A1%E5%9E%8B        | 模型"})
  void safeEncodedPathsDecodeOnce(String raw, String expected) {
    assertThat(ArtifactPath.fromEncoded(raw.strip()).value()).isEqualTo(expected.strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "%2e%2e", "%2E%2e/x", "a%2Fb", "a%2fb", "%2F",
      "a%5Cb", "a\\b", "a%00b", "%2500", "%252e%252e/x", "a%252Fb", "a%25252Fb", "a%25255Cb", "a#b",
      "a%23b", "/etc/passwd", "C:/x", "c:", "x/D:evil", "a//b", "//x", "a\tb", "a%09b", "%7F"})
  void unsafePathsAreRefused(String raw) {
    assertThatThrownBy(() -> ArtifactPath.fromEncoded(raw))
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("Invalid path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "a/../..", "/abs", "a\\b", "a#b", "%2e%2e/x", "a%2Fb", "C:\\x", "a\u0000b"})
  void unsafeDecodedPathsAreRefused(String decoded) {
    assertThatThrownBy(() -> ArtifactPath.parse(decoded)).isInstanceOf(MlflowException.class);
  }

  @Test
  void emptyIsTheRoot() {
    assertThat(ArtifactPath.parse(null).isRoot()).isTrue();
    assertThat(ArtifactPath.parse("").isRoot()).isTrue();
    assertThat(ArtifactPath.fromEncoded("").isRoot()).isTrue();
  }

  @Test
  void tooManyEncodingLevelsAreRefused() {
    String deep = "a";
    for (int i = 0; i < 12; i++) {
      deep = deep.replace("%", "%25");
      deep = i == 0 ? "%61" : deep;
    }
    String nested = deep;
    assertThatThrownBy(() -> ArtifactPath.parse(nested)).hasMessageContaining("percent-encoding");
  }

  @Test
  void namesAndResolution() {
    ArtifactPath dir = ArtifactPath.parse("0/run/artifacts");
    assertThat(dir.resolve(ArtifactPath.parse("m/x.bin")).value()).isEqualTo("0/run/artifacts/m/x.bin");
    assertThat(dir.resolve(ArtifactPath.ROOT)).isEqualTo(dir);
    assertThat(ArtifactPath.ROOT.resolve(dir)).isEqualTo(dir);
    assertThat(dir.name()).isEqualTo("artifacts");
    assertThat(ArtifactPath.parse(".Labtrack-Staging/x").firstSegment()).isEqualTo(".labtrack-staging");
  }

  @Test
  void veryLongPathsAreRefused() {
    assertThatThrownBy(() -> ArtifactPath.parse("a/".repeat(500) + "b")).hasMessageContaining("longer than");
  }
}
