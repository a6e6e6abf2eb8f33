package org.labtrack.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's add-user command, run from the packaged jar exactly as an operator would. */
class UserCommandIT {
  @TempDir
  Path dir;

  @Test
  void addUserFromThePackagedJar() throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
        "user", "add", "alice", "editor", "--password-stdin"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().remove("GATEWAY_USERS_FILE");
    builder.environment().remove("GATEWAY_ROLES_FILE");
    Process process = builder.start();
    process.getOutputStream().write("twelve chars or more\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Added user 'alice'").doesNotContain("Quarkus");

    Path users = dir.resolve("config/users.properties");
    assertThat(UserCommandTest.verifies(users, "alice", "twelve chars or more")).isTrue();
    assertThat(Files.readString(dir.resolve("config/roles.properties"))).contains("alice=editor");
  }
}
