package dev.jobsservice.jobs;

/**
 * Several strings as one, joined by NUL: a job's spec in its hash and a claim's reply (see
 * lib/spec.lua and lib/claim.lua). One value instead of many is what makes them cheap in Redis,
 * which stores, reads and replies value by value. An empty part stands for a missing one. No part
 * holds a NUL: ids and types are checked on submit, times are ISO-8601, JSON escapes control
 * characters.
 */
final class Joined {
  static final char SEPARATOR = '\0';

  private Joined() {
  }

  /** {@code parts} joined, a null part as an empty one. */
  static String join(String... parts) {
    StringBuilder out = new StringBuilder(64);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(SEPARATOR);
      }
      if (parts[i] != null) {
        out.append(parts[i]);
      }
    }
    return out.toString();
  }

  /** The {@code count} parts of {@code text}, an empty one as null; null unless there are exactly that many. */
  static String[] split(String text, int count) {
    String[] parts = new String[count];
    int from = 0;
    for (int i = 0; i < count; i++) {
      int to = text.indexOf(SEPARATOR, from);
      if ((to < 0) != (i == count - 1)) {
        return null;
      }
      if (to < 0) {
        to = text.length();
      }
      parts[i] = to == from ? null : text.substring(from, to);
      from = to + 1;
    }
    return parts;
  }
}
