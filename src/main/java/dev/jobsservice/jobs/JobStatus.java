package dev.jobsservice.jobs;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a job is in its life: {@code submitted → in_progress → complete | failed}; a failed
 * attempt that may be retried waits as {@code delayed} until its backoff has passed, then is
 * {@code submitted} again; a queued or running job can be {@code cancelled}.
 */
public enum JobStatus {
  SUBMITTED, DELAYED, IN_PROGRESS, COMPLETE, FAILED, CANCELLED;

  /** The name used in JSON and in Redis, e.g. {@code in_progress}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTerminal() {
    return this == COMPLETE || this == FAILED || this == CANCELLED;
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
