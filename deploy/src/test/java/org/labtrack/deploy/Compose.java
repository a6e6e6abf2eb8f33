package org.labtrack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as parsed YAML, with Compose's variable interpolation and the .env.example
 * it is documented by. Docker's own {@code docker compose config} is not assumed to exist.
 */
final class Compose {

  /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}, $VAR; $$ is a literal $. */
  static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  final JsonNode root;
  final Map<String, String> envExample;

  Compose(String composeYaml, String envExample) {
    this.root = Yaml.load(composeYaml);
    this.envExample = parseEnvFile(envExample);
  }

  static Compose load() {
    return new Compose(Repo.read("docker-compose.yml"), Repo.read(".env.example"));
  }

  JsonNode services() {
    return root.path("services");
  }

  JsonNode service(String name) {
    return services().path(name);
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    services().fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A service's environment as name -> raw value (map or list form). */
  Map<String, String> environment(String service) {
    JsonNode env = service(service).path("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env.isObject()) {
      env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    } else if (env.isArray()) {
      env.forEach(item -> {
        String s = item.asText();
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      });
    }
    return out;
  }

  /** A service's environment with every reference interpolated from .env.example (as after `cp .env.example .env`). */
  Map<String, String> interpolatedEnvironment(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    environment(service).forEach((k, v) -> out.put(k, interpolate(v, envExample)));
    return out;
  }

  /** Every variable name referenced anywhere in the file (keys and values). */
  Set<String> referencedVariables() {
    Set<String> names = new TreeSet<>();
    for (String s : Yaml.strings(root)) {
      Matcher m = REFERENCE.matcher(s);
      while (m.find()) {
        if (m.group(1) != null) {
          names.add(m.group(1));
        } else if (m.group(4) != null) {
          names.add(m.group(4));
        }
      }
    }
    return names;
  }

  /** Compose's interpolation; an unset or empty variable with ":?" is an error, as in Compose. */
  static String interpolate(String text, Map<String, String> vars) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else if (m.group(4) != null) {
        replacement = vars.getOrDefault(m.group(4), "");
      } else {
        String name = m.group(1);
        String op = m.group(2);
        String arg = m.group(3) == null ? "" : m.group(3);
        String value = vars.get(name);
        boolean colon = op != null && op.startsWith(":");
        boolean missing = value == null || (colon && value.isEmpty());
        if (op == null) {
          replacement = value == null ? "" : value;
        } else if (op.endsWith("-")) {
          replacement = missing ? arg : value;
        } else if (op.endsWith("?")) {
          if (missing) {
            throw new IllegalArgumentException("required variable " + name + " is missing: " + arg);
          }
          replacement = value;
        } else {
          replacement = missing ? "" : arg;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** KEY=VALUE lines; comments and blank lines skipped; surrounding quotes removed. */
  static Map<String, String> parseEnvFile(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not KEY=VALUE: " + line);
      }
      String value = t.substring(eq + 1).strip();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(t.substring(0, eq).strip(), value);
    }
    return out;
  }
}
