package org.labtrack.tracking.domain;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Memorable names for runs created without one, in MLflow's "adjective-noun-number" shape. */
public final class RunNames {
  private static final List<String> ADJECTIVES = List.of(
      "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "curious", "daring", "eager",
      "fancy", "gentle", "glad", "golden", "grand", "happy", "honest", "jolly", "keen", "kind",
      "lively", "lucky", "merry", "mighty", "nimble", "noble", "patient", "polite", "proud",
      "quick", "quiet", "rapid", "rare", "shiny", "silent", "sleek", "smart", "steady", "swift",
      "tidy", "upbeat", "vivid", "warm", "wise", "witty", "zesty");
  private static final List<String> NOUNS = List.of(
      "badger", "bear", "bee", "bison", "crane", "crow", "deer", "dolphin", "eagle", "falcon",
      "ferret", "finch", "fox", "frog", "gecko", "goose", "hawk", "heron", "ibis", "koala",
      "lark", "lemur", "lynx", "mole", "moose", "newt", "otter", "owl", "panda", "puffin",
      "quail", "raven", "robin", "seal", "shrew", "sparrow", "stork", "swan", "tapir", "tiger",
      "toad", "trout", "turtle", "vole", "wolf", "wren", "yak", "zebra");

  private RunNames() {
  }

  public static String random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
        + NOUNS.get(random.nextInt(NOUNS.size())) + "-" + random.nextInt(1000);
  }
}
