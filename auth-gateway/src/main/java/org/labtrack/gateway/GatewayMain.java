package org.labtrack.gateway;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import org.labtrack.gateway.admin.UserCommand;

/**
 * Entry point of {@code quarkus-run.jar}: {@code user ...} runs the user administration command
 * without starting a server; anything else starts the gateway.
 */
@QuarkusMain
public final class GatewayMain {
  private GatewayMain() {
  }

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("user")) {
      int status = UserCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in,
          System.out, System.err, System.getenv(), System.console());
      System.exit(status);
    }
    // Quarkus otherwise answers paths java.net.URI rejects (a raw backslash, a space) with a
    // bare 400 before any route runs; GatewayHandler refuses them itself, in MLflow's JSON.
    if (System.getProperty("vertx.disableURIValidation") == null) {
      System.setProperty("vertx.disableURIValidation", "true");
    }
    Quarkus.run(args);
  }
}
