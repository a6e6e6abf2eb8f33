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
