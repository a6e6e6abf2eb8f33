package org.labtrack.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormaliserTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/|/",
      "/api/2.0/mlflow/runs/get|/api/2.0/mlflow/runs/get",
      "//api/2.0/mlflow/runs/get|/api/2.0/mlflow/runs/get",
      "/api/2.0//mlflow///runs/get|/api/2.0/mlflow/runs/get",
      "/api/2.0/mlflow/runs/get/|/api/2.0/mlflow/runs/get",
      "/api/2.0/mlflow/runs/get//|/api/2.0/mlflow/runs/get",
      "/api/2.0/mlflow/runs/%67et|/api/2.0/mlflow/runs/get",
      "/api/2.0/mlflow/runs/get;x=1|/api/2.0/mlflow/runs/get%3Bx=1",
      "/api/2.0/mlflow/runs/get.|/api/2.0/mlflow/runs/get.",
      "/api/2.0/mlflow/runs/get%2e|/api/2.0/mlflow/runs/get.",
      "/a/...|/a/...",
      "/a/b%20c.txt|/a/b%20c.txt",
      "/a/b%3fc|/a/b%3Fc",
      "/a/b%23c|/a/b%23c",
      "/a/50%25.txt|/a/50%25.txt",
      "/a/%C3%A9t%C3%A9.csv|/a/%C3%A9t%C3%A9.csv",
      "/a/%ef%bc%8e%ef%bc%8e|/a/%EF%BC%8E%EF%BC%8E",
      "/a/x~y-z_w.v|/a/x~y-z_w.v",
      "/a/c++@d:e|/a/c++@d:e",
  })
  void normalisesToOneSpelling(String raw, String canonical) throws Exception {
    assertThat(PathNormaliser.normalise(raw).encoded()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "", "api/2.0/mlflow/runs/get", "*",
      "/api/2.0/mlflow/runs/../experiments/delete",
      "/api/2.0/mlflow/runs/./get",
      "/api/2.0/mlflow/runs/%2e%2e/experiments/delete",
      "/api/2.0/mlflow/runs/%2E%2E/experiments/delete",
      "/api/2.0/mlflow/runs/.%2e/x",
      "/api/2.0/mlflow/runs/%2e/x",
      "/api/2.0/mlflow/runs/..",
      "/api/2.0/mlflow-artifacts/artifacts/1%2f..%2f..%2fx",
      "/api/2.0/mlflow-artifacts/artifacts/1%2Fx",
      "/api/2.0/mlflow-artifacts/artifacts/1%5c..%5cx",
      "/api/2.0/mlflow-artifacts/artifacts/1%5Cx",
      "/api/2.0/mlflow-artifacts/artifacts/1\\x",
      "/api/2.0/mlflow/runs/%252e%252e/x",
      "/api/2.0/mlflow/runs/%252fx",
      "/api/2.0/mlflow/runs/get%00",
      "/api/2.0/mlflow/runs/get%0a",
      "/api/2.0/mlflow/runs/get%7f",
      "/api/2.0/mlflow/runs/get\u0000",
      "/api/2.0/mlflow/runs/get\t",
      "/api/2.0/mlflow/runs/get x",
      "/api/2.0/mlflow/runs/%c0%ae%c0%ae",
      "/api/2.0/mlflow/runs/%u002e%u002e",
      "/api/2.0/mlflow/runs/%zz",
      "/api/2.0/mlflow/runs/%2",
      "/api/2.0/mlflow/runs/get#frag",
      "/api/2.0/mlflow/runs/get?x",
      "/api/2.0/mlflow/r\u00e9sum\u00e9",
      "/api/2.0/mlflow/runs/<script>",
      "/api/2.0/mlflow/runs/{x}",
      "/api/2.0/mlflow/runs/a|b",
  })
  void refusesWhatCouldMeanSomethingElse(String raw) {
    assertThatThrownBy(() -> PathNormaliser.normalise(raw))
        .isInstanceOf(PathRejectedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a;b", "50%", "é", "a b", "x/y", "#?", ".."})
  void encodingASegmentAndNormalisingItAgainGivesItBack(String segment) throws Exception {
    if (segment.contains("/") || segment.equals("..")) {
      return; // not a segment a normalised path can hold
    }
    String encoded = "/" + PathNormaliser.encodeSegment(segment);
    assertThat(PathNormaliser.normalise(encoded).segments()).containsExactly(segment);
  }
}
