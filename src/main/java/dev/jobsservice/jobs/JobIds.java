package dev.jobsservice.jobs;

import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids: random UUIDs, and the check that keeps anything else out of a Redis key. */
public final class JobIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private JobIds() {
  }

  static String next() {
    return UUID.randomUUID().toString();
  }

  /** True when {@code id} could name a job; anything else is unknown without asking Redis. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
