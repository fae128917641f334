package dev.jobsservice.it;

import dev.jobsservice.testing.RedisCli;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every status change the service recorded in its events stream ({@code {prefix}:events}),
 * by job. Each change is XADDed by the Lua script that makes it, in the same atomic step, so the
 * stream is a ledger: one {@code complete} entry per job means its result was written once, and
 * each {@code in_progress} entry is one execution that started. Entry ids carry Redis's clock (ms),
 * which dates each change without asking the processes.
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
    List<Event> events = new ArrayList<>();
    String from = "-";
    while (true) {
      Response page = redis.send(Request.cmd(Command.XRANGE).arg("{" + prefix + "}:events").arg(from).arg("+")
          .arg("COUNT").arg(5000));
      for (Response entry : page) {
        String entryId = entry.get(0).toString();
        Map<String, String> fields = new HashMap<>();
        Response values = entry.get(1);
        for (int i = 0; i + 1 < values.size(); i += 2) {
          fields.put(values.get(i).toString(), values.get(i + 1).toString());
        }
        events.add(new Event(Long.parseLong(entryId.substring(0, entryId.indexOf('-'))), fields.get("id"),
            fields.get("status")));
      }
      if (page.size() < 5000) {
        return new EventLog(events);
      }
      // The next page starts after the last entry read: "(" makes the range exclusive.
      from = "(" + page.get(page.size() - 1).get(0).toString();
    }
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

  /** Entries read in all: they must stay under the stream's cap (10,000) for the ledger to be whole. */
  int size() {
    return size;
  }
}
