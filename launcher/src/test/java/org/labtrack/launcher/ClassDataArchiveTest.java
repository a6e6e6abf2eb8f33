package org.labtrack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  @TempDir
  Path folder;

  @Test
  void theFirstStartRecordsAndTheNextUsesWhatACleanStopKept() throws Exception {
    Path jar = jar("tracking");
    Path classData = folder.resolve("class-data");
    ClassDataArchive archive = ClassDataArchive.of(classData, "tracking", jar, 17);

    String recordTo = option(archive, "-XX:ArchiveClassesAtExit=");
    assertThat(recordTo).isNotNull();
    assertThat(option(archive, "-XX:SharedArchiveFile=")).isNull();
    assertThat(archive.jvmOptions()).contains("-Xlog:cds=off");

    // A stop before the JVM wrote anything keeps nothing.
    archive.keepRecording();
    assertThat(archive.archive()).doesNotExist();

    Files.writeString(Path.of(recordTo), "archive");
    archive.keepRecording();
    assertThat(archive.archive()).hasContent("archive");
    assertThat(Path.of(recordTo)).doesNotExist();
    assertThat(option(archive, "-XX:SharedArchiveFile=")).isEqualTo(archive.archive().toString());
    assertThat(option(archive, "-XX:ArchiveClassesAtExit=")).isNull();
    assertThat(archive.jvmOptions()).as("a start that maps it may say it cannot")
        .containsExactly("-XX:SharedArchiveFile=" + archive.archive());
  }

  @Test
  void aDiscardedArchiveIsRecordedAgainByTheNextStart() throws Exception {
    ClassDataArchive archive = ClassDataArchive.of(folder.resolve("class-data"), "tracking",
        jar("tracking"), 17);
    record(archive);
    assertThat(archive.recorded()).isTrue();

    archive.discard();
    assertThat(archive.archive()).doesNotExist();
    assertThat(option(archive, "-XX:ArchiveClassesAtExit=")).isNotNull();
    archive.discard(); // nothing left to remove
  }

  @Test
  void theJvmsReportOfAnArchiveItCannotUseIsRecognised() {
    // as JDK 25 and JDK 17 print them at their default log level
    assertThat(ClassDataArchive.reportsUnusable(
        "[0.049s][error  ][aot] An error has occurred while processing the AOT cache.")).isTrue();
    assertThat(ClassDataArchive.reportsUnusable(
        "[0.009s][warning][aot] The AOT cache has a bad magic number: 0x35e1d425")).isTrue();
    assertThat(ClassDataArchive.reportsUnusable(
        "[0.012s][warning][cds,dynamic] Unable to use shared archive. The top archive failed to "
            + "load")).isTrue();
    assertThat(ClassDataArchive.reportsUnusable(
        "[0.012s][error][cds] An error has occurred while processing the shared archive file."))
        .isTrue();
    // the service's own lines, and the JVM's on other subjects
    assertThat(ClassDataArchive.reportsUnusable("2026-11-29 11:01:14,556 WARN  [cds] (main) x"))
        .isFalse();
    assertThat(ClassDataArchive.reportsUnusable(
        "[1.234s][warning][gc] GC locker is held; pre-dump GC was skipped")).isFalse();
    assertThat(ClassDataArchive.reportsUnusable(
        "[0.010s][info][cds] trying to map /data/class-data/tracking.jsa")).isFalse();
    assertThat(ClassDataArchive.reportsUnusable(
        "[0.010s][warning][cdsx] not a tag of the archive's")).isFalse();
  }

  @Test
  void aRebuiltServiceRecordsAfreshAndItsOldArchiveGoes() throws Exception {
    Path jar = jar("tracking");
    Path classData = folder.resolve("class-data");
    ClassDataArchive before = ClassDataArchive.of(classData, "tracking", jar, 17);
    ClassDataArchive gateway = ClassDataArchive.of(classData, "gateway", jar("gateway"), 17);
    record(before);
    record(gateway);

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    ClassDataArchive after = ClassDataArchive.of(classData, "tracking", jar, 17);
    assertThat(after.archive()).isNotEqualTo(before.archive());
    assertThat(option(after, "-XX:SharedArchiveFile=")).isNull();

    record(after);
    assertThat(before.archive()).doesNotExist();
    assertThat(after.archive()).exists();
    assertThat(gateway.archive()).as("another service's archive").exists();
  }

  @Test
  void aChangedLibraryRecordsAfresh() throws Exception {
    Path jar = jar("tracking");
    Path classData = folder.resolve("class-data");
    ClassDataArchive before = ClassDataArchive.of(classData, "tracking", jar, 17);
    record(before);
    assertThat(ClassDataArchive.of(classData, "tracking", jar, 17).archive())
        .as("nothing changed").isEqualTo(before.archive());

    // The JVM checks every jar on the class path it recorded; the runner jar may stay as it was.
    Files.writeString(jar.resolveSibling("lib/main/library.jar"), "library, version 2");
    ClassDataArchive after = ClassDataArchive.of(classData, "tracking", jar, 17);
    assertThat(after.archive()).isNotEqualTo(before.archive());
    assertThat(option(after, "-XX:SharedArchiveFile=")).isNull();
  }

  @Test
  void fromJdk25OnTheArchiveIsAnAotCache() throws Exception {
    Path jar = jar("tracking");
    Path classData = folder.resolve("class-data");
    ClassDataArchive dynamic = ClassDataArchive.of(classData, "tracking", jar, 24);
    ClassDataArchive cache = ClassDataArchive.of(classData, "tracking", jar, 25);
    assertThat(option(dynamic, "-XX:ArchiveClassesAtExit=")).isNotNull();
    assertThat(option(cache, "-XX:ArchiveClassesAtExit=")).isNull();
    assertThat(cache.archive()).as("another file: a JDK maps only its own kind")
        .isNotEqualTo(dynamic.archive());

    String recordTo = option(cache, "-XX:AOTCacheOutput=");
    assertThat(recordTo).isNotNull().isNotEqualTo(cache.archive().toString());
    assertThat(cache.jvmOptions()).contains("-Xlog:aot=off", "-Xlog:cds=off");
    assertThat(cache.recorded()).isFalse();
    Files.writeString(Path.of(recordTo), "cache");
    cache.keepRecording();
    assertThat(cache.recorded()).isTrue();
    assertThat(option(cache, "-XX:AOTCache=")).isEqualTo(cache.archive().toString());
    assertThat(option(cache, "-XX:AOTCacheOutput=")).isNull();
    assertThat(option(cache, "-XX:SharedArchiveFile=")).isNull();
  }

  /** A service's quarkus-run.jar, with a library beside it as Quarkus lays them out. */
  private Path jar(String service) throws Exception {
    Path app = Files.createDirectories(folder.resolve(service).resolve("quarkus-app"));
    Files.createDirectories(app.resolve("lib/main"));
    Files.writeString(app.resolve("lib/main/library.jar"), "library");
    return Files.writeString(app.resolve("quarkus-run.jar"), "jar " + service);
  }

  private static void record(ClassDataArchive archive) throws Exception {
    Files.writeString(Path.of(option(archive, "-XX:ArchiveClassesAtExit=")), "archive");
    archive.keepRecording();
  }

  private static String option(ClassDataArchive archive, String prefix) {
    return archive.jvmOptions().stream().filter(o -> o.startsWith(prefix))
        .map(o -> o.substring(prefix.length())).findFirst().orElse(null);
  }
}
