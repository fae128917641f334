package dev.jobsservice.it;

import dev.jobsservice.testing.RedisCli;
import dev.jobsservice.testing.StoredEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every status change the service recorded in its events stream ({@code {prefix}:events}),
 * by job. Each change is written to the stream by the Lua script that makes it, in the same atomic
 * step, so the stream is a ledger: one {@code complete} event per job means its result was written
 * once, and each {@code in_progress} event is one execution that started. Entry ids carry Redis's
 * clock (ms), which dates each change without asking the processes.
 */
final class EventLog {
  /** One status change: when (Redis ms), which job, the new status. */
  record Event(long atMs, String id, String status) {
  }

  private final Map<String, List<Event>> byJob = new HashMap<>();
  private final int size;

  private EventLog(List<Event> events) {
    events.forEach(e -> byJob.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e));
    size = events.size();
  }

  static EventLog read(RedisCli redis, String prefix) {
    return new EventLog(StoredEvents.all(redis, prefix).stream().map(e -> new Event(e.atMs(), e.jobId(), e.status()))
        .toList());
  }

  List<Event> of(String id) {
    return byJob.getOrDefault(id, List.of());
  }

  long count(String id, String status) {
    return of(id).stream().filter(e -> e.status().equals(status)).count();
  }

  /** When {@code id} first reached {@code status} at or after {@code afterMs}; -1 if it never did. */
  long first(String id, String status, long afterMs) {
    return of(id).stream().filter(e -> e.status().equals(status) && e.atMs() >= afterMs).mapToLong(Event::atMs)
        .min().orElse(-1);
  }

  /** Events read in all: under the stream's cap (10,000 entries, each of one event at least), the ledger is whole. */
  int size() {
    return size;
  }
}
