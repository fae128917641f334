package dev.jobsservice.jobs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as jobs store them: ISO-8601 UTC, always to the millisecond ("…:00.000Z"). */
final class Clock {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** {@link #FORMAT} up to the milliseconds, which {@link #format} appends itself. */
  private static final DateTimeFormatter TO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

  /** The text of one second, kept: every submit stamps a time, and most share their second. */
  private record Second(long epochSecond, String text) {
  }

  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private Clock() {
  }

  static String now() {
    return format(Instant.now().toEpochMilli());
  }

  /** As {@link #FORMAT} would write {@code epochMillis}, without formatting the date each time. */
  static String format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    int millis = (int) Math.floorMod(epochMillis, 1000);
    Second s = last;
    if (s.epochSecond() != second) {
      s = new Second(second, TO_SECONDS.format(Instant.ofEpochSecond(second)));
      last = s;
    }
    return new StringBuilder(s.text().length() + 4).append(s.text())
        .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
        .append('Z').toString();
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
