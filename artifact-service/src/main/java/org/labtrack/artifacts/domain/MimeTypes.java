package org.labtrack.artifacts.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The Content-Type MLflow's server would send for a file name ({@code mlflow/utils/mime_type_utils.py}):
 * text-like extensions (and {@code MLmodel}) are {@code text/plain}, everything else goes through
 * Python's {@code mimetypes.guess_type} table, and unknown names are {@code application/octet-stream}.
 */
public final class MimeTypes {
  private static final Set<String> TEXT = Set.of("txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini",
      "properties", "prop", "hocon", "toml", "yaml", "yml", "xml", "json", "js", "py", "py3", "csv", "tsv",
      "md", "rst", "MLmodel", "mlproject");
  private static final Map<String, String> SUFFIXES = Map.of("svgz", ".svg.gz", "tgz", ".tar.gz",
      "taz", ".tar.gz", "tz", ".tar.gz", "tbz2", ".tar.bz2", "txz", ".tar.xz");
  private static final Set<String> ENCODINGS = Set.of("gz", "Z", "bz2", "xz", "br");
  private static final Properties TYPES = load();

  private MimeTypes() {
  }

  private static Properties load() {
    Properties types = new Properties();
    try (InputStream in = MimeTypes.class.getResourceAsStream("/mime-types.properties")) {
      types.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return types;
  }

  /** The Content-Type for a file called {@code name} (a base name, not a path). */
  public static String guess(String name) {
    String extension = extension(name);
    if (TEXT.contains(extension.isEmpty() ? name : extension)) {
      return "text/plain";
    }
    String base = name;
    String ext = extension;
    while (SUFFIXES.containsKey(ext.toLowerCase(Locale.ROOT))) {
      base = stem(base) + SUFFIXES.get(ext.toLowerCase(Locale.ROOT));
      ext = extension(base);
    }
    if (ENCODINGS.contains(ext) || ENCODINGS.contains(ext.toLowerCase(Locale.ROOT))) {
      base = stem(base);
      ext = extension(base);
    }
    String type = TYPES.getProperty(ext);
    if (type == null) {
      type = TYPES.getProperty(ext.toLowerCase(Locale.ROOT));
    }
    return ext.isEmpty() || type == null ? "application/octet-stream" : type;
  }

  /** Python's {@code os.path.splitext} extension without the dot; leading dots do not count. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return "";
    }
    for (int i = 0; i < dot; i++) {
      if (name.charAt(i) != '.') {
        return name.substring(dot + 1);
      }
    }
    return "";
  }

  private static String stem(String name) {
    String ext = extension(name);
    return ext.isEmpty() ? name : name.substring(0, name.length() - ext.length() - 1);
  }
}
