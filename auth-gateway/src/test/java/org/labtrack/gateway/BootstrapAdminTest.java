package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.auth.UserFiles;
import org.labtrack.gateway.support.BootstrapProfile;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.TestUser;

/** No default password ships: the first start creates one, shows it once, keeps its hash. */
@QuarkusTest
@TestProfile(BootstrapProfile.class)
class BootstrapAdminTest {

  @Test
  void theFirstStartCreatesAnAdminWithARandomPasswordShownOnce() throws Exception {
    Matcher printed = Pattern.compile("password: (\\S+)").matcher(BootstrapProfile.Resource.console());
    assertThat(printed.find()).as("the password is printed on the console").isTrue();
    String password = printed.group(1);
    assertThat(password).hasSizeGreaterThanOrEqualTo(20);
    assertThat(printed.find()).as("printed once").isFalse();

    Path users = BootstrapProfile.Resource.dir().resolve("data/users.properties");
    String stored = Files.readString(users);
    assertThat(stored).doesNotContain(password)
        .contains("admin=" + UserFiles.hash("admin", password.toCharArray()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(BootstrapProfile.Resource.dir().resolve("data/roles.properties")))
        .contains("admin=admin");

    HttpResponse<String> me = GatewayClient.get("/api/labtrack/v1/users/current",
        TestUser.basic("admin", password));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(me.body()).getString("role")).isEqualTo("admin");
    assertThat(GatewayClient.get("/api/labtrack/v1/users/current",
        TestUser.basic("admin", "admin")).statusCode()).isEqualTo(401);
  }
}
