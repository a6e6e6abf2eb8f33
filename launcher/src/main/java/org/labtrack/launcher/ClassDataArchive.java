package org.labtrack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service's class-data archive: the first start records the classes the service loads into a
 * file at exit; later starts map them instead of loading and verifying them again. The services
 * are packaged as Quarkus' aot-jar, whose jars are all on the JVM's own class path, so the
 * archive holds every class they load: on the 2-core machine tracking-service then starts in
 * 1.2–1.4 s instead of 2.7–2.9 s (BENCHMARKS.md). From JDK 25 on the archive is an AOT cache
 * (JEP 514, 515), which also keeps the classes linked and the methods' profiles: 0.7–0.9 s.
 *
 * <p>The file is named after the JVM and the service's build, so a rebuilt service or another
 * JDK records afresh and stale archives are removed. The JVM writes the archive only while it
 * exits; it is recorded under a temporary name, flushed to disk and kept only after a clean
 * stop, so a process killed half-way through writing leaves nothing behind. An archive damaged
 * later (a half-copied data folder) is {@link #discard() discarded} once the JVM reports it (JDK
 * 25 starts without it) or crashes on it (JDK 17 does, on a truncated one: SIGBUS); the next
 * start records a new one.
 */
public final class ClassDataArchive {
  /** The first JDK that records an AOT cache in the run it trains on (JEP 514). */
  private static final int AOT_CACHE_JDK = 25;
  private static final String RECORDING = ".recording";
  /**
   * The JVM's own report of an archive it cannot use, at its default log level: "[0.009s][error
   * ][aot] Unable to map shared spaces" (JDK 25), "[0.010s][warning][cds,dynamic] ..." (JDK 17).
   */
  private static final Pattern UNUSABLE =
      Pattern.compile("^\\[[0-9.]+s\\]\\[(warning|error) *\\]\\[(cds|aot)[,\\]]");

  /** How the JVM records and maps the archive. */
  private enum Kind {
    DYNAMIC(".jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=",
        List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off")),
    AOT_CACHE(".aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=",
        List.of("-Xlog:aot=off", "-Xlog:cds=off"));

    final String suffix;
    final String record;
    final String map;
    /** The JVM warns about every class it cannot archive; none of that is actionable here. */
    final List<String> quiet;

    Kind(String suffix, String record, String map, List<String> quiet) {
      this.suffix = suffix;
      this.record = record;
      this.map = map;
      this.quiet = quiet;
    }
  }

  private final Kind kind;
  private final Path archive;
  private final Path recording;
  private final String service;
  private final Path directory;

  private ClassDataArchive(Path directory, String service, String key, Kind kind) {
    this.kind = kind;
    this.directory = directory;
    this.service = service;
    this.archive = directory.resolve(service + "-" + key + kind.suffix);
    this.recording = directory.resolve(service + "-" + key + kind.suffix + RECORDING);
  }

  /**
   * The archive for {@code service}, run from {@code jar} by the JVM running this code. The key
   * covers every file beside the jar (its class path, in Quarkus' layout): the JVM ignores an
   * archive once any jar it was recorded from has changed, so a changed library must record
   * afresh rather than leave a stale archive in place.
   */
  public static ClassDataArchive of(Path directory, String service, Path jar) {
    return of(directory, service, jar, Runtime.version().feature());
  }

  /** As {@link #of(Path, String, Path)}, for a JVM of feature release {@code jdk}. */
  static ClassDataArchive of(Path directory, String service, Path jar, int jdk) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      List<String> parts = new ArrayList<>(List.of(System.getProperty("java.home"),
          System.getProperty("java.vm.version"), jar.toAbsolutePath().toString()));
      Path app = jar.toAbsolutePath().getParent();
      Path archives = directory.toAbsolutePath();
      try (Stream<Path> files = Files.walk(app)) {
        for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.startsWith(archives))
            .sorted().toList()) {
          parts.addAll(List.of(app.relativize(file).toString(), Long.toString(Files.size(file)),
              Long.toString(Files.getLastModifiedTime(file).toMillis())));
        }
      }
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      String key = HexFormat.of().formatHex(digest.digest(), 0, 8);
      return new ClassDataArchive(directory, service, key,
          jdk >= AOT_CACHE_JDK ? Kind.AOT_CACHE : Kind.DYNAMIC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * JVM options for the next start: use the archive, or record one if there is none yet. Only a
   * recording start is kept quiet; one that maps the archive says so if it cannot.
   */
  public List<String> jvmOptions() {
    if (recorded()) {
      return List.of(kind.map + archive);
    }
    try {
      Files.createDirectories(directory);
      Files.deleteIfExists(recording);
    } catch (IOException e) {
      return List.of(); // no archive then; the service starts as it would without one
    }
    List<String> options = new ArrayList<>(List.of(kind.record + recording));
    options.addAll(kind.quiet);
    return options;
  }

  /** Whether a line the JVM printed says it cannot use the archive it was given. */
  public static boolean reportsUnusable(String line) {
    return UNUSABLE.matcher(line).find();
  }

  /**
   * After a clean stop: keeps what the stopped JVM recorded (if it recorded anything) and
   * removes this service's archives of other builds.
   */
  public void keepRecording() {
    if (!Files.isRegularFile(recording)) {
      return;
    }
    try {
      // on disk before it has its name: after a power cut there is a whole archive or none
      try (FileChannel file = FileChannel.open(recording, StandardOpenOption.READ)) {
        file.force(true);
      }
      Files.move(recording, archive, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      try (DirectoryStream<Path> others = Files.newDirectoryStream(directory, service + "-*")) {
        for (Path other : others) {
          if (!other.equals(archive)) {
            Files.deleteIfExists(other);
          }
        }
      }
    } catch (IOException e) {
      Launcher.log("could not keep the class-data archive of " + service + ": " + e.getMessage());
    }
  }

  /** Removes the archive, so that the next start records a new one. */
  public void discard() {
    try {
      Files.deleteIfExists(archive);
    } catch (IOException e) {
      Launcher.log("could not remove the class-data archive of " + service + ": "
          + e.getMessage());
    }
  }

  /** Whether the archive has been recorded, so that the next start maps it. */
  public boolean recorded() {
    return Files.isRegularFile(archive);
  }

  /** The archive the next start uses, if it has been recorded. */
  public Path archive() {
    return archive;
  }
}
