package dev.jobsservice.jobs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as jobs store them: ISO-8601 UTC, always to the millisecond ("…:00.000Z"). */
final class Clock {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Clock() {
  }

  static String now() {
    return FORMAT.format(Instant.now());
  }

  /** A time Redis scripts keep in epoch milliseconds; null for null or garbage. */
  static String ofMillis(String epochMillis) {
    if (epochMillis == null) {
      return null;
    }
    try {
      return FORMAT.format(Instant.ofEpochMilli(Long.parseLong(epochMillis)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
