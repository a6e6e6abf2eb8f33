package org.labtrack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The property names a service's {@code @ConfigMapping} interfaces declare, read from its Java
 * sources: {@code @ConfigMapping(prefix = "gateway")} with {@code URI trackingUrl()} is
 * {@code gateway.tracking-url}, which Quarkus also reads from {@code GATEWAY_TRACKING_URL}.
 * Nested group interfaces (also behind {@code Optional<>}) and {@code @WithName} are followed;
 * {@code @WithParentName} adds no segment.
 */
final class ConfigMappings {

  private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)");
  private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
  private static final Pattern METHOD = Pattern.compile("^(.*?\\S)\\s+(\\w+)\\s*\\(\\s*\\)$", Pattern.DOTALL);
  private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
  private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\s*\\((?:[^()\"]|\"[^\"]*\")*\\))?");

  private ConfigMappings() {
  }

  /** Property names of every mapping under a source tree (empty when there is none). */
  static Set<String> propertyNames(Path sourceRoot) {
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(sourceRoot)) {
      return names;
    }
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        names.addAll(propertyNames(Files.readString(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  static Set<String> propertyNames(String javaSource) {
    String source = javaSource.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    Set<String> names = new TreeSet<>();
    Matcher mapping = MAPPING.matcher(source);
    if (!mapping.find()) {
      return names;
    }
    Map<String, String> bodies = new LinkedHashMap<>();
    Matcher iface = INTERFACE.matcher(source);
    while (iface.find()) {
      bodies.put(iface.group(1), body(source, iface.end() - 1));
    }
    Matcher root = INTERFACE.matcher(source);
    if (root.find(mapping.end())) {
      collect(mapping.group(1), bodies.get(root.group(1)), bodies, names, 0);
    }
    return names;
  }

  private static void collect(String prefix, String body, Map<String, String> bodies, Set<String> out, int depth) {
    if (depth > 8) {
      return;
    }
    for (String statement : topLevel(body).split(";")) {
      Matcher withName = WITH_NAME.matcher(statement);
      String explicit = withName.find() ? withName.group(1) : null;
      boolean parentName = statement.contains("@WithParentName");
      String bare = ANNOTATION.matcher(statement).replaceAll(" ").strip().replaceFirst("^(public|abstract)\\s+", "");
      Matcher m = METHOD.matcher(bare);
      // default and static methods are code, not configuration.
      if (!m.matches() || bare.matches("(?s)^(default|static)\\b.*")) {
        continue;
      }
      String type = m.group(1).replaceAll("\\s+", "").replaceFirst("^Optional<(.*)>$", "$1");
      String segment = explicit != null ? explicit : kebab(m.group(2));
      String name = parentName ? prefix : prefix + "." + segment;
      if (bodies.containsKey(type)) {
        collect(name, bodies.get(type), bodies, out, depth + 1);
      } else {
        out.add(name);
      }
    }
  }

  /** The text between the brace at {@code open} and its match. */
  private static String body(String source, int open) {
    int depth = 0;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return source.substring(open + 1, i);
      }
    }
    return source.substring(open + 1);
  }

  /** A body with nested blocks (inner interfaces, default methods) blanked out, so only its own members remain. */
  private static String topLevel(String body) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (char c : body.toCharArray()) {
      if (c == '{') {
        depth++;
        if (depth == 1) {
          out.append(';'); // ends the declaration before the block
        }
      } else if (c == '}') {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** SmallRye Config's default naming: trackingUrl -> tracking-url. */
  static String kebab(String method) {
    return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
