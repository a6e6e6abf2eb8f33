package org.labtrack.artifacts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/** Run roots to store paths, and client file paths to artifact names. */
class RootsAndNamesTest {

  @ParameterizedTest
  @CsvSource({
      "mlflow-artifacts:/0/abc/artifacts, 0/abc/artifacts",
      "mlflow-artifacts://host:5000/0/abc/artifacts, 0/abc/artifacts",
      "mlflow-artifacts:///0/abc/artifacts, 0/abc/artifacts",
      "https://labtrack.example/api/2.0/mlflow-artifacts/artifacts/5/r/artifacts, 5/r/artifacts",
      "mlflow-artifacts:/0/models/m-123/artifacts, 0/models/m-123/artifacts"})
  void proxiedRootsMapToStorePaths(String uri, String path) {
    assertThat(ScopedArtifactService.storePath(uri, "r").value()).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://bucket/0/abc", "file:///tmp/mlruns/0", "/tmp/mlruns", "gs://b/x",
      "https://example.org/other/path", "dbfs:/databricks/mlflow"})
  void otherRootsAreNotImplemented(String uri) {
    assertThatThrownBy(() -> ScopedArtifactService.storePath(uri, "r")).isInstanceOfSatisfying(
        MlflowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED));
  }

  @ParameterizedTest
  @CsvSource({
      "/tmp/x/model.pkl, d/model.pkl",
      "model.pkl, d/model.pkl",
      "C:\\Users\\me\\model.pkl, d/model.pkl",
      "relative/dir\\mixed/w.bin, d/w.bin"})
  void multipartTargetsKeepTheBaseName(String localPath, String target) {
    assertThat(MultipartService.target(ArtifactPath.parse("d"), localPath).value()).isEqualTo(target);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/tmp/", "/tmp/..", "C:\\", "a/."})
  void multipartTargetsMustNameAFile(String localPath) {
    assertThatThrownBy(() -> MultipartService.target(ArtifactPath.parse("d"), localPath))
        .isInstanceOf(MlflowException.class);
  }

  @ParameterizedTest
  @CsvSource({"a b/ü.txt, a%20b/%C3%BC.txt", "x+y/z, x%2By/z"})
  void partUrlPathsAreEncodedPerSegment(String path, String encoded) {
    assertThat(MultipartService.encodePath(ArtifactPath.parse(path))).isEqualTo(encoded);
    assertThat(ArtifactPath.fromEncoded(encoded).value()).isEqualTo(path);
  }
}
