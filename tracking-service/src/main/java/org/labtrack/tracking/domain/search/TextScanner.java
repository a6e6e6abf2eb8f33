package org.labtrack.tracking.domain.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reading position in a text, advanced by patterns; what the lexer and list reader share. */
abstract class TextScanner {
  final String text;
  int pos;

  TextScanner(String text) {
    this.text = text;
  }

  /** The pattern's non-empty match at the position, which it then moves past; else null. */
  String match(Pattern p) {
    Matcher m = p.matcher(text).region(pos, text.length());
    m.useTransparentBounds(true);
    if (m.lookingAt() && m.end() > pos) {
      pos = m.end();
      return m.group();
    }
    return null;
  }
}
