package dev.jobsservice.api;

import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fans the process's one events follower out to whoever waits here: {@code ?wait=} requests by job
 * id, and event-stream clients for every job. A subscriber costs a map entry, not a thread or a
 * Redis connection. Everything runs on the HTTP verticle's event loop, so plain collections do.
 */
final class EventHub implements JobEvents.Listener {
  /** Hears events; called on the HTTP verticle's event loop. */
  interface Subscriber {
    void onEvent(JobEvent event);

    /** The follower was cut off and is back: events may have been missed; re-read the state. */
    void onResync();
  }

  private final Map<String, Set<Subscriber>> byJob = new HashMap<>();
  private final Set<Subscriber> everyJob = new LinkedHashSet<>();
  private final Throughput throughput;

  EventHub(Throughput throughput) {
    this.throughput = throughput;
  }

  /** {@code subscriber} hears the events of job {@code jobId} until the returned action runs. */
  Runnable watch(String jobId, Subscriber subscriber) {
    byJob.computeIfAbsent(jobId, id -> new LinkedHashSet<>()).add(subscriber);
    return () -> {
      Set<Subscriber> set = byJob.get(jobId);
      if (set != null && set.remove(subscriber) && set.isEmpty()) {
        byJob.remove(jobId);
      }
    };
  }

  /** {@code subscriber} hears every event until the returned action runs. */
  Runnable watchAll(Subscriber subscriber) {
    everyJob.add(subscriber);
    return () -> everyJob.remove(subscriber);
  }

  @Override
  public void onEvent(JobEvent event) {
    throughput.record(event);
    Set<Subscriber> forJob = byJob.get(event.jobId());
    // Copies: a subscriber may unsubscribe (and so change the set) while it is told.
    if (forJob != null) {
      new ArrayList<>(forJob).forEach(s -> s.onEvent(event));
    }
    if (!everyJob.isEmpty()) {
      new ArrayList<>(everyJob).forEach(s -> s.onEvent(event));
    }
  }

  @Override
  public void onResync() {
    List<Subscriber> all = new ArrayList<>(everyJob);
    byJob.values().forEach(all::addAll);
    all.forEach(Subscriber::onResync);
  }
}
