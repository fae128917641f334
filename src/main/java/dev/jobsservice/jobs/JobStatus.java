package dev.jobsservice.jobs;

import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life: {@code submitted → in_progress → complete | failed}. */
public enum JobStatus {
  SUBMITTED, IN_PROGRESS, COMPLETE, FAILED;

  /** The name used in JSON and in Redis, e.g. {@code in_progress}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTerminal() {
    return this == COMPLETE || this == FAILED;
  }

  /** Parses a wire name; empty for anything else. */
  public static Optional<JobStatus> fromWire(String name) {
    for (JobStatus s : values()) {
      if (s.wireName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
