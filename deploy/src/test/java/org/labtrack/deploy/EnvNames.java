package org.labtrack.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which environment variable names a deployment may hand a service: those the service reads
 * ({@link ServiceConfig#readEnvNames()}) plus, until its author wires them, the names listed in
 * {@code pending-env.properties}. {@code -Dlabtrack.deploy.strict-env=true} ignores that list.
 */
final class EnvNames {

  static final boolean STRICT = Boolean.getBoolean("labtrack.deploy.strict-env");

  /** Names whose values are credentials: they come from a Secret or a required .env entry, never a literal. */
  static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|SIGNING_KEY|TOKEN|ACCESS_KEY).*");

  private static final Properties PENDING = loadPending();

  private EnvNames() {
  }

  static Set<String> pending(LabTrackService service) {
    String list = PENDING.getProperty(service.module, "");
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> accepted(LabTrackService service) {
    Set<String> names = new TreeSet<>(service.config().readEnvNames());
    if (!STRICT) {
      names.addAll(pending(service));
    }
    return names;
  }

  private static Properties loadPending() {
    Properties p = new Properties();
    try (InputStream in = EnvNames.class.getResourceAsStream("/pending-env.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
