package org.labtrack.artifacts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what MLflow's {@code _guess_mime_type} returns on Python 3.11. */
class MimeTypesTest {

  @ParameterizedTest
  @CsvSource({
      "MLmodel, text/plain", "conda.yaml, text/plain", "requirements.txt, text/plain",
      "metrics.json, text/plain", "train.py, text/plain", "notes.md, text/plain", "MLproject, application/octet-stream",
      "model.pkl, application/octet-stream", "plot.png, image/png", "photo.JPG, image/jpeg",
      "page.html, text/html", "doc.pdf, application/pdf", "data.tar.gz, application/x-tar",
      "data.tgz, application/x-tar", "data.gz, application/octet-stream", "image.svgz, image/svg+xml",
      "archive.zip, application/zip", "weights.h5, application/x-hdf5", ".bashrc, application/octet-stream",
      "noext, application/octet-stream", "model.onnx, application/octet-stream", "clip.mp4, video/mp4"})
  void guessesLikeMlflow(String name, String type) {
    assertThat(MimeTypes.guess(name)).isEqualTo(type);
  }
}
