package dev.jobsservice.api;

import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.StreamIds;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The stored events of every configured queue, for replays: one queue's stream as it is, or
 * several merged in id order. Stream ids are the time Redis added the entry, so a Last-Event-ID
 * from one queue's stream marks a moment in every other's too (in a Cluster, give or take the
 * masters' clock difference).
 */
final class EventLog {
  private final List<JobEvents> streams;

  EventLog(List<JobEvents> streams) {
    this.streams = List.copyOf(streams);
  }

  List<JobEvents> streams() {
    return streams;
  }

  /**
   * The oldest id still stored, or null when nothing is: with several streams, the newest of
   * their oldest ids (older than it, some stream may have dropped entries); empty streams lost nothing.
   */
  Future<String> oldestId() {
    if (streams.size() == 1) {
      return streams.get(0).oldestId();
    }
    return Future.all(streams.stream().map(JobEvents::oldestId).toList()).map(all -> all.<String>list().stream()
        .filter(Objects::nonNull).max(StreamIds::compare).orElse(null));
  }

  /**
   * Up to {@code count} events from {@code start} to {@code end} (XRANGE syntax over event ids),
   * merged in id order.
   */
  Future<List<JobEvent>> range(String start, String end, int count) {
    if (streams.size() == 1) {
      return streams.get(0).range(start, end, count);
    }
    return Future.all(streams.stream().map(s -> s.range(start, end, count)).toList()).map(all -> {
      List<JobEvent> merged = new ArrayList<>();
      all.<List<JobEvent>>list().forEach(merged::addAll);
      merged.sort(Comparator.comparing(JobEvent::eventId, StreamIds::compare));
      return merged.size() > count ? merged.subList(0, count) : merged;
    });
  }
}
