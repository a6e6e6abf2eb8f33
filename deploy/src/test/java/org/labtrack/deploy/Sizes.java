package org.labtrack.deploy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the size and duration notations of Quarkus, nginx and Compose. */
final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("((\\d+)h)?((\\d+)m(?!s))?((\\d+)s)?((\\d+)ms)?");

  private Sizes() {
  }

  /** "6G", "6g", "10240K", "5Gi", "0" to bytes (binary multiples, as Quarkus and nginx use them). */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      case "t" -> n << 40;
      default -> n;
    };
  }

  /** "30s", "1m30s", "2h", "45" (seconds), "PT30S" to seconds. */
  static long seconds(String text) {
    String t = text.strip();
    if (t.matches("\\d+")) {
      return Long.parseLong(t);
    }
    if (t.toUpperCase(Locale.ROOT).startsWith("PT")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT)).toSeconds();
    }
    Matcher m = DURATION.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long s = 0;
    if (m.group(2) != null) {
      s += Long.parseLong(m.group(2)) * 3600;
    }
    if (m.group(4) != null) {
      s += Long.parseLong(m.group(4)) * 60;
    }
    if (m.group(6) != null) {
      s += Long.parseLong(m.group(6));
    }
    return s;
  }
}
