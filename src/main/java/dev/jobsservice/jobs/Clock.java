package dev.jobsservice.jobs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps as jobs store them: ISO-8601 UTC, always to the millisecond ("…:00.000Z"). */
public final class Clock {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** "2026-11-28T08:40:41.123Z": the one shape {@link #format} writes. */
  private static final int LENGTH = 24;

  /**
   * The text up to the seconds of the last second formatted: every job's state change takes a
   * timestamp, and formatting the whole date each time cost a worker several percent of its CPU.
   */
  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private record Second(long epochSecond, String prefix) {
  }

  private Clock() {
  }

  static String now() {
    return format(System.currentTimeMillis());
  }

  /** {@code epochMillis} as jobs store times. */
  static String format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    Second s = last;
    if (s.epochSecond() != second) {
      String full = FORMAT.format(Instant.ofEpochMilli(second * 1000));
      s = new Second(second, full.substring(0, full.length() - 4));
      last = s;
    }
    int ms = (int) Math.floorMod(epochMillis, 1000);
    char[] tail = {(char) ('0' + ms / 100), (char) ('0' + ms / 10 % 10), (char) ('0' + ms % 10), 'Z'};
    return s.prefix().concat(new String(tail));
  }

  /**
   * A stored time in epoch ms, read field by field when it has the shape {@link #format} writes
   * (the general parser costs microseconds, and workers read two times per job); -1 for null or
   * garbage.
   */
  public static long parseMillis(String iso) {
    if (iso == null) {
      return -1;
    }
    if (iso.length() == LENGTH && iso.charAt(4) == '-' && iso.charAt(7) == '-' && iso.charAt(10) == 'T'
        && iso.charAt(13) == ':' && iso.charAt(16) == ':' && iso.charAt(19) == '.' && iso.charAt(23) == 'Z') {
      int year = digits(iso, 0, 4);
      int month = digits(iso, 5, 2);
      int day = digits(iso, 8, 2);
      int hour = digits(iso, 11, 2);
      int minute = digits(iso, 14, 2);
      int second = digits(iso, 17, 2);
      int ms = digits(iso, 20, 3);
      if ((year | month | day | hour | minute | second | ms) >= 0 && hour < 24 && minute < 60 && second < 60) {
        try {
          long days = LocalDate.of(year, month, day).toEpochDay();
          return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000L + ms;
        } catch (DateTimeException e) {
          return -1;
        }
      }
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** A time Redis scripts keep in epoch milliseconds; null for null or garbage. */
  static String ofMillis(String epochMillis) {
    if (epochMillis == null) {
      return null;
    }
    try {
      return format(Long.parseLong(epochMillis));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
