package org.labtrack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout under test: the repository root and the files these tests read. */
final class Repo {

  static final Path ROOT = locate();

  private Repo() {
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT.relativize(file), e);
    }
  }

  static String read(String relative) {
    return read(path(relative));
  }

  /** Surefire runs in the module directory; the repository root is the first parent holding compose and deploy/. */
  private static Path locate() {
    Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("deploy/base"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root (docker-compose.yml + deploy/base) above " + start);
  }
}
