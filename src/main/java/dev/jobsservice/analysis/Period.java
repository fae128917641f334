package dev.jobsservice.analysis;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The period a date value falls in, as text that sorts in time order: "2005", "2005-06" or
 * "2005-06-30". A value is an ISO-8601 date or date-time ("2005-06-30", "2005-06-30T12:00Z"),
 * a year-month ("2005-06"), or a whole number taken as a year (1880, "1880"). Null when the value
 * says nothing about the period asked for (a bare year has no month).
 */
final class Period {
  static final String YEAR = "year";
  static final String MONTH = "month";
  static final String DAY = "day";
  static final Set<String> UNITS = Set.of(YEAR, MONTH, DAY);

  private Period() {
  }

  static String of(Object value, String per) {
    if (value instanceof String s && s.length() >= 7 && s.charAt(4) == '-' && digits(s, 0, 4) && digits(s, 5, 7)) {
      int month = Integer.parseInt(s.substring(5, 7));
      if (month < 1 || month > 12) {
        return null;
      }
      if (per.equals(YEAR)) {
        return s.substring(0, 4);
      }
      if (per.equals(MONTH)) {
        return s.substring(0, 7);
      }
      if (s.length() >= 10 && s.charAt(7) == '-' && digits(s, 8, 10) && (s.length() == 10 || !Character.isDigit(s.charAt(10)))) {
        String day = s.substring(0, 10);
        return valid(day) ? day : null;
      }
      return null;
    }
    Double year = Range.number(value);
    if (per.equals(YEAR) && year != null && year == Math.rint(year) && year >= 0 && year <= 9999) {
      return String.format("%04d", year.intValue());
    }
    return null;
  }

  /** The first instant of a period, in epoch milliseconds (UTC). */
  static long startMillis(String period) {
    return date(period).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** The first instant after a period. */
  static long endMillis(String period) {
    LocalDate start = date(period);
    LocalDate next = switch (period.length()) {
      case 4 -> start.plusYears(1);
      case 7 -> start.plusMonths(1);
      default -> start.plusDays(1);
    };
    return next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static LocalDate date(String period) {
    return switch (period.length()) {
      case 4 -> LocalDate.of(Integer.parseInt(period), 1, 1);
      case 7 -> LocalDate.of(Integer.parseInt(period.substring(0, 4)), Integer.parseInt(period.substring(5, 7)), 1);
      default -> LocalDate.parse(period);
    };
  }

  private static boolean valid(String day) {
    try {
      LocalDate.parse(day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
