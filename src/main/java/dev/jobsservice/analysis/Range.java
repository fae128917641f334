package dev.jobsservice.analysis;

/**
 * A job's [start, end], inclusive. Numbers (or numeric strings such as the text's "2000") compare
 * as numbers; other strings, such as ISO dates, compare as text, which orders ISO dates correctly.
 * A numeric range over ISO date values compares their years: [2000, 2010] holds "2005-06-30".
 * A text end holds every value that starts with it: ["2020-01", "2020-06"] holds "2020-06-30".
 */
record Range(Object start, Object end) {

  static Range of(Object start, Object end) {
    Double s = number(start);
    Double e = number(end);
    if (s != null && e != null) {
      if (s > e) {
        throw new IllegalArgumentException("'start' must not be after 'end'");
      }
      return new Range(s, e);
    }
    if (s != null || e != null) {
      throw new IllegalArgumentException("'start' and 'end' must both be numbers or both be dates");
    }
    String a = start.toString();
    String b = end.toString();
    if (a.compareTo(b) > 0) {
      throw new IllegalArgumentException("'start' must not be after 'end'");
    }
    return new Range(a, b);
  }

  /** Is a record's field value inside the range? Values of the other kind never are. */
  boolean contains(Object value) {
    if (value == null) {
      return false;
    }
    if (start instanceof Double lo) {
      Double v = number(value);
      if (v == null) {
        v = isoYear(value);
      }
      return v != null && v >= lo && v <= (Double) end;
    }
    if (!(value instanceof String s)) {
      return false;
    }
    // The end compares with as much of the value as it has: ["2020-01-01", "2020-12-31"] holds
    // "2020-12-31T23:00:00Z", which as a whole string sorts after its end.
    String e = (String) end;
    String head = s.length() > e.length() ? s.substring(0, e.length()) : s;
    return s.compareTo((String) start) >= 0 && head.compareTo(e) <= 0;
  }

  /** The year of an ISO-8601 date or date-time ("2005-06-30", "2005-06-30T12:00:00Z"); else null. */
  static Double isoYear(Object value) {
    if (value instanceof String s && s.length() >= 7 && s.charAt(4) == '-'
        && Character.isDigit(s.charAt(0)) && Character.isDigit(s.charAt(1))
        && Character.isDigit(s.charAt(2)) && Character.isDigit(s.charAt(3))
        && Character.isDigit(s.charAt(5)) && Character.isDigit(s.charAt(6))) {
      return (double) Integer.parseInt(s.substring(0, 4));
    }
    return null;
  }

  /** The value as a number, if it is one or is a string that reads as one; else null. */
  static Double number(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (value instanceof String s) {
      String t = s.trim();
      if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)))) {
        return null;
      }
      try {
        double d = Double.parseDouble(t);
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
