package org.labtrack.launcher;

/** Placeholder until the embedded launcher lands. */
public final class Launcher {
  private Launcher() {
  }

  public static void main(String[] args) {
    System.out.println("LabTrack launcher");
  }
}
