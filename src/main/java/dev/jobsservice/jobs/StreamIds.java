package dev.jobsservice.jobs;

/**
 * Redis stream entry ids ({@code <ms>-<seq>}): checking one a client sent, and ordering them,
 * which plain string order gets wrong ("9-0" &gt; "10-0").
 */
public final class StreamIds {
  private StreamIds() {
  }

  /** Is {@code id} a stream id ({@code 1700000000000-0}, or the {@code <ms>} part alone)? */
  public static boolean isValid(String id) {
    return id != null && id.matches("\\d{1,19}(-\\d{1,19})?") && parses(id);
  }

  /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
  public static int compare(String a, String b) {
    int byMs = Long.compareUnsigned(millis(a), millis(b));
    return byMs != 0 ? byMs : Long.compareUnsigned(seq(a), seq(b));
  }

  /** The {@code <ms>} part of an id: when Redis added the entry. */
  public static long millis(String id) {
    int dash = id.indexOf('-');
    return Long.parseUnsignedLong(dash < 0 ? id : id.substring(0, dash));
  }

  private static long seq(String id) {
    int dash = id.indexOf('-');
    return dash < 0 ? 0 : Long.parseUnsignedLong(id.substring(dash + 1));
  }

  private static boolean parses(String id) {
    try {
      millis(id);
      seq(id);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
