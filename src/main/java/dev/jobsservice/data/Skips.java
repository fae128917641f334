package dev.jobsservice.data;

import java.util.ArrayList;
import java.util.List;

/** The rows a load passed over: how many, and the first few with their line and reason. */
public final class Skips {
  /** Enough to see what is wrong with a file; the count says how many more there were. */
  static final int KEPT = 10;

  /** One row passed over: the line it starts on (1 is the first line of the upload) and why. */
  public record Skip(long line, String reason) {
  }

  private final List<Skip> first = new ArrayList<>();
  private long count;

  void add(long line, String reason) {
    count++;
    if (first.size() < KEPT) {
      first.add(new Skip(line, reason));
    }
  }

  long count() {
    return count;
  }

  List<Skip> first() {
    return List.copyOf(first);
  }
}
