package dev.jobsservice.jobs;

import java.util.Map;
import java.util.Optional;

/**
 * One status change read from the events stream: a job's status changed. {@code eventId} is
 * unique and ordered, with a stream id's syntax ({@code <ms>-<n>}; see {@link JobEvents} for how it
 * is made from the entry that holds the event); {@code fields} what the script wrote for it (at
 * least {@code id} and {@code status}).
 */
public record JobEvent(String eventId, Map<String, String> fields) {

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
    return StreamIds.millis(eventId);
  }
}
