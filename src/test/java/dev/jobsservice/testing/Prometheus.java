package dev.jobsservice.testing;

/** Reads one series from a Prometheus text scrape, as a scraper would. */
public final class Prometheus {
  private Prometheus() {
  }

  /** The value of {@code series} (name and labels as written), or fails if it is absent. */
  public static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no series " + series + " in the scrape");
  }
}
