package dev.jobsservice.jobs;

import java.util.UUID;

/** Job ids: random UUIDs, and the check that keeps anything else out of a Redis key. */
public final class JobIds {
  private static final int MAX_LENGTH = 64;

  private JobIds() {
  }

  static String next() {
    return UUID.randomUUID().toString();
  }

  /**
   * True when {@code id} could name a job ({@code [A-Za-z0-9_-]{1,64}}); anything else is unknown
   * without asking Redis. Checked by hand, not by a regex: every read of a job by id runs it, and
   * java.util.regex showed in the API's profile under the end-to-end load.
   */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
