package dev.jobsservice.jobs;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of the events stream: a job's status changed. {@code streamId} is the entry's id
 * ({@code <ms>-<seq>}, ordered), {@code fields} everything the script wrote (at least {@code id}
 * and {@code status}; scripts may add more, such as progress).
 */
public record JobEvent(String streamId, Map<String, String> fields) {

  public JobEvent {
    fields = Map.copyOf(fields);
  }

  public String jobId() {
    return fields.get("id");
  }

  /** The wire name of the new status, e.g. {@code complete}. */
  public String status() {
    return fields.get("status");
  }

  /** Did the job reach a status it stays in (complete, failed, cancelled)? */
  public boolean isTerminal() {
    return Optional.ofNullable(status()).flatMap(JobStatus::fromWire).map(JobStatus::isTerminal).orElse(false);
  }

  /** When Redis added the entry, in ms since the epoch (the first part of its id). */
  public long timeMs() {
    return StreamIds.millis(streamId);
  }
}
