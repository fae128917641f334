package dev.jobsservice.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as jobs store them: ISO-8601 UTC, to the millisecond. */
final class Clock {
  private Clock() {
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
