package dev.jobsservice.api;

import dev.jobsservice.jobs.EventFollower;
import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Follows the events streams while someone listens here, and fans each event out to them:
 * {@code ?wait=} requests by job id, event-stream clients and the dashboard's throughput for every
 * job. A subscriber costs a map entry, not a thread or a Redis connection.
 * <ol>
 *   <li>the first subscriber starts one follower per stream;</li>
 *   <li>a subscriber hears events once its {@link Watch#live()} completes: from then on nothing is
 *       missed, so it reads the state it cares about after that, not before;</li>
 *   <li>{@link #LINGER_MS} after the last one leaves, the followers stop.</li>
 * </ol>
 * Why not follow always: reading every event costs this JVM a sixth to a third of its CPU per
 * submit, and Redis a tenth to a quarter (docs/benchmarks.md), for nobody when nobody listens. The
 * linger keeps clients that come and go (a script polling with {@code ?wait=}) from restarting
 * the followers each time. Everything runs on the HTTP verticle's event loop, so plain
 * collections do.
 */
final class EventHub {
  /** How long the followers outlive their last subscriber. */
  static final long LINGER_MS = 30_000;

  /** Hears events; called on the HTTP verticle's event loop. */
  interface Subscriber {
    void onEvent(JobEvent event);

    /** The follower was cut off and is back: events may have been missed; re-read the state. */
    void onResync();
  }

  /** A subscriber's place in the hub, until {@link #cancel()}. */
  interface Watch {
    /**
     * Completes once every stream is followed, with each stream's position (in the order of the
     * streams): the id of the last event before the first one this subscriber hears, "0-0" for
     * none. Never completes while Redis cannot be reached.
     */
    Future<List<String>> live();

    void cancel();
  }

  private final Vertx vertx;
  private final List<JobEvents> streams;
  private final long lingerMs;
  private final Map<String, Set<Subscriber>> byJob = new HashMap<>();
  private final Set<Subscriber> everyJob = new LinkedHashSet<>();
  private int subscribers;
  /** One per stream while following; empty when not. */
  private List<StreamFollower> followers = List.of();
  private long stopTimer = -1;
  private boolean closed;

  EventHub(Vertx vertx, List<JobEvents> streams) {
    this(vertx, streams, LINGER_MS);
  }

  EventHub(Vertx vertx, List<JobEvents> streams, long lingerMs) {
    this.vertx = vertx;
    this.streams = List.copyOf(streams);
    this.lingerMs = lingerMs;
  }

  /** {@code subscriber} hears the events of job {@code jobId} until the watch is cancelled. */
  Watch watch(String jobId, Subscriber subscriber) {
    boolean added = byJob.computeIfAbsent(jobId, id -> new LinkedHashSet<>()).add(subscriber);
    return joined(added, () -> {
      Set<Subscriber> set = byJob.get(jobId);
      boolean removed = set != null && set.remove(subscriber);
      if (removed && set.isEmpty()) {
        byJob.remove(jobId);
      }
      return removed;
    });
  }

  /** {@code subscriber} hears every event until the watch is cancelled. */
  Watch watchAll(Subscriber subscriber) {
    boolean added = everyJob.add(subscriber);
    return joined(added, () -> everyJob.remove(subscriber));
  }

  /** Is a follower running (or lingering)? For tests. */
  boolean following() {
    return !followers.isEmpty();
  }

  /** Watches waiting for a follower to find its start, over every stream. For tests. */
  int waitingForStart() {
    return followers.stream().mapToInt(f -> f.waiting.size()).sum();
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(stopTimer);
    return stopFollowing();
  }

  private Watch joined(boolean added, BooleanSupplier removal) {
    if (added) {
      subscribers++;
    }
    vertx.cancelTimer(stopTimer);
    stopTimer = -1;
    if (followers.isEmpty() && !closed) {
      List<StreamFollower> started = new ArrayList<>();
      streams.forEach(stream -> started.add(new StreamFollower(stream)));
      followers = started;
    }
    List<Future<String>> positions = new ArrayList<>();
    List<Runnable> forget = new ArrayList<>();
    for (StreamFollower follower : followers) {
      positions.add(follower.position(forget));
    }
    Future<List<String>> live = closed ? Future.failedFuture("the API is stopping")
        : Future.all(positions).map(all -> all.<String>list());
    return new Watch() {
      private boolean cancelled;

      @Override
      public Future<List<String>> live() {
        return live;
      }

      @Override
      public void cancel() {
        if (!cancelled) {
          cancelled = true;
          forget.forEach(Runnable::run);
          if (removal.getAsBoolean()) {
            left();
          }
        }
      }
    };
  }

  private void left() {
    subscribers--;
    if (subscribers == 0 && !closed) {
      stopTimer = vertx.setTimer(lingerMs, t -> {
        stopTimer = -1;
        if (subscribers == 0) {
          stopFollowing();
        }
      });
    }
  }

  private Future<Void> stopFollowing() {
    List<StreamFollower> stopping = followers;
    followers = List.of();
    return Future.all(stopping.stream().map(f -> f.follower.stop()).toList()).mapEmpty();
  }

  private void dispatch(JobEvent event) {
    Set<Subscriber> forJob = byJob.get(event.jobId());
    // Copies: a subscriber may unsubscribe (and so change the set) while it is told.
    if (forJob != null) {
      new ArrayList<>(forJob).forEach(s -> s.onEvent(event));
    }
    if (!everyJob.isEmpty()) {
      new ArrayList<>(everyJob).forEach(s -> s.onEvent(event));
    }
  }

  private void resync() {
    List<Subscriber> all = new ArrayList<>(everyJob);
    byJob.values().forEach(all::addAll);
    all.forEach(Subscriber::onResync);
  }

  /** One stream's follower, and the last event it handed out. */
  private final class StreamFollower implements JobEvents.Listener {
    private final EventFollower follower;
    private String position;
    /**
     * Watches waiting for the start id. Each is dropped when its watch is cancelled: with Redis
     * down for an hour, the requests that gave up meanwhile must not stay referenced here.
     */
    private final Set<Promise<String>> waiting = new LinkedHashSet<>();

    StreamFollower(JobEvents stream) {
      follower = stream.follow(this);
      follower.from().onSuccess(from -> {
        if (position == null) {
          position = from;
        }
        List<Promise<String>> ready = new ArrayList<>(waiting);
        waiting.clear();
        ready.forEach(p -> p.tryComplete(from));
      });
    }

    /** Where a new watch starts: now, or once the start is found ({@code forget} drops the wait). */
    Future<String> position(List<Runnable> forget) {
      if (position != null) {
        return Future.succeededFuture(position);
      }
      Promise<String> start = Promise.promise();
      waiting.add(start);
      forget.add(() -> waiting.remove(start));
      return start.future();
    }

    @Override
    public void onEvent(JobEvent event) {
      position = event.eventId();
      dispatch(event);
    }

    @Override
    public void onResync() {
      resync();
    }
  }
}
