package org.labtrack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's Dockerfile.jvm and Dockerfile.native, read as text (no Docker engine here to build them). */
class DockerfilesTest {

  static Stream<Arguments> dockerfiles() {
    return Arrays.stream(LabTrackService.values())
        .flatMap(s -> Stream.of(Arguments.of(s, "jvm"), Arguments.of(s, "native")));
  }

  @ParameterizedTest(name = "{0} Dockerfile.{1}")
  @MethodSource("dockerfiles")
  void buildsInsideDockerAndRunsAsANonRootUser(LabTrackService s, String kind) {
    String path = s.module + "/src/main/docker/Dockerfile." + kind;
    assertThat(Files.isRegularFile(Repo.path(path))).as(path).isTrue();
    List<String> lines = instructions(Repo.read(path));
    ServiceConfig cfg = s.config();
    SoftAssertions soft = new SoftAssertions();

    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    soft.assertThat(froms).as(path + " is multi-stage").hasSizeGreaterThanOrEqualTo(2);
    soft.assertThat(froms.get(0)).as(path + " first stage").contains(" AS build");
    Map<String, String> args = buildArgs(lines);
    if (kind.equals("jvm")) {
      soft.assertThat(args.get("BUILD_IMAGE")).as("JDK 17 build image").matches(".*17-jdk.*");
      soft.assertThat(args.get("RUNTIME_IMAGE")).as("JRE 17 runtime image").matches(".*17-jre.*");
    } else {
      soft.assertThat(args.get("BUILDER_IMAGE")).as("Mandrel builder").startsWith("quay.io/quarkus/").contains("mandrel-builder-image");
      soft.assertThat(args.get("RUNTIME_IMAGE")).as("Quarkus micro runtime").startsWith("quay.io/quarkus/ubi9-quarkus-micro-image:");
    }

    List<String> runs = lines.stream().filter(l -> l.startsWith("RUN ")).toList();
    soft.assertThat(String.join("\n", runs)).as(path + " builds with the Maven wrapper")
        .contains("./mvnw").contains("-f " + s.module + "/pom.xml").contains("-f common/pom.xml");
    if (kind.equals("native")) {
      soft.assertThat(String.join("\n", runs)).contains("-Dquarkus.native.enabled=true");
    } else {
      // The class-data archive: recorded in the runtime stage (by the JVM that will map it), as
      // root before USER, stopped on the service's own management port, and mapped by JAVA_OPTS.
      String archive = "/deployments/app-cds.jsa";
      int recording = indexOf(lines, "RUN ", "record-class-data.sh");
      soft.assertThat(recording).as(path + " records the class-data archive").isPositive();
      if (recording > 0) {
        soft.assertThat(lines.get(recording))
            .contains("source=deploy/scripts/record-class-data.sh")
            .contains(" /deployments/quarkus-run.jar " + archive + " "
                + cfg.managementPort(Map.of()));
        soft.assertThat(recording).as("recorded after the last FROM, before USER")
            .isGreaterThan(indexOf(lines, "FROM ", "RUNTIME_IMAGE"))
            .isLessThan(indexOf(lines, "USER ", ""));
      }
      soft.assertThat(lines.get(indexOf(lines, "ENV JAVA_OPTS=", "")))
          .contains("-XX:SharedArchiveFile=" + archive);
    }
    soft.assertThat(lines).as(path + " copies the module").contains("COPY " + s.module + " " + s.module);

    String user = last(lines, "USER ");
    soft.assertThat(user).as(path + " final USER is numeric and not root").matches("USER [1-9][0-9]*(:[0-9]+)?");

    List<String> exposed = new ArrayList<>();
    lines.stream().filter(l -> l.startsWith("EXPOSE ")).forEach(l -> exposed.addAll(Arrays.asList(l.substring(7).trim().split("\\s+"))));
    soft.assertThat(exposed).as(path + " EXPOSE").containsExactlyInAnyOrder(
        String.valueOf(cfg.httpPort(Map.of())), String.valueOf(cfg.managementPort(Map.of())));

    String labels = String.join("\n", lines.stream().filter(l -> l.startsWith("LABEL ")).toList());
    for (String label : List.of("title", "description", "version", "vendor")) {
      soft.assertThat(labels).as(path + " OCI label " + label).contains("org.opencontainers.image." + label + "=");
    }

    String health = last(lines, "HEALTHCHECK ");
    soft.assertThat(health).as(path + " HEALTHCHECK asks readiness on the management port")
        .contains(cfg.healthPath("ready"))
        .contains("${" + cfg.envNameOf("quarkus.management.port") + ":-" + cfg.managementPort(Map.of()) + "}");
    soft.assertThat(last(lines, "ENTRYPOINT ")).as(path + " ENTRYPOINT").isNotEmpty();
    if (kind.equals("jvm")) {
      soft.assertThat(last(lines, "ENTRYPOINT ")).as("java replaces the shell, so it receives SIGTERM").contains("exec java").contains("quarkus-run.jar");
    }
    soft.assertAll();
  }

  /** Instructions with continuation lines joined and comments dropped. */
  static List<String> instructions(String dockerfile) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : dockerfile.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (current.length() > 0) {
        out.add(current.toString().replaceAll("\\s+", " ").strip());
      }
      current.setLength(0);
    }
    return out;
  }

  private static Map<String, String> buildArgs(List<String> lines) {
    Map<String, String> args = new java.util.HashMap<>();
    for (String l : lines) {
      if (l.startsWith("ARG ") && l.contains("=")) {
        String a = l.substring(4);
        args.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      }
    }
    return args;
  }

  /** The index of the last instruction starting with {@code prefix} and containing {@code text}, or -1. */
  private static int indexOf(List<String> lines, String prefix, String text) {
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix) && lines.get(i).contains(text)) {
        found = i;
      }
    }
    return found;
  }

  private static String last(List<String> lines, String prefix) {
    String found = "";
    for (String l : lines) {
      if (l.startsWith(prefix)) {
        found = l;
      }
    }
    return found;
  }
}
