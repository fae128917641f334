package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The named queues the API serves, each a {@link JobStore} over its own hash tag. A job id does not
 * say its queue, so reads by id ask every queue at once (one call each, in parallel) and take the
 * one that has it; with one queue configured that is exactly one call, as before named queues.
 */
public final class Queues {
  private final Map<String, JobStore> stores;

  private Queues(Map<String, JobStore> stores) {
    this.stores = Collections.unmodifiableMap(stores);
  }

  /** The stores of {@code names} over {@code redis}; {@code base} carries the base prefix. */
  public static Queues create(Redis redis, QueueSettings base, List<String> names) {
    Map<String, JobStore> stores = new LinkedHashMap<>();
    names.forEach(name -> stores.put(name, JobStore.create(redis, base.forQueue(name), name)));
    return new Queues(stores);
  }

  /** The configured names, in configured order. */
  public List<String> names() {
    return List.copyOf(stores.keySet());
  }

  /** The store of queue {@code name}, or null when no such queue is configured. */
  public JobStore store(String name) {
    return stores.get(name);
  }

  /** The default queue's store: where a job that names no queue goes. */
  public JobStore defaultStore() {
    return stores.get(QueueSettings.DEFAULT_QUEUE);
  }

  public int size() {
    return stores.size();
  }

  /** The job with {@code id} and the store of its queue, or null when no queue has it. */
  public Future<Found> find(String id) {
    if (stores.size() == 1) {
      JobStore only = defaultStore();
      return only.get(id).map(job -> job == null ? null : new Found(only, job));
    }
    List<JobStore> all = new ArrayList<>(stores.values());
    List<Future<Job>> reads = all.stream().map(store -> store.get(id)).toList();
    return Future.all(reads).map(done -> {
      for (int i = 0; i < all.size(); i++) {
        Job job = done.resultAt(i);
        if (job != null) {
          return new Found(all.get(i), job);
        }
      }
      return null;
    });
  }

  /** The job, or null. */
  public Future<Job> get(String id) {
    return find(id).map(found -> found == null ? null : found.job());
  }

  /**
   * Applies {@code change} (a cancel or a retry) in the queue that holds job {@code id}; null when
   * none does. With one queue it is one call; with several, the job is found first.
   */
  public <T> Future<T> inQueueOf(String id, Function<JobStore, Future<T>> change) {
    if (stores.size() == 1) {
      return change.apply(defaultStore());
    }
    return find(id).compose(found -> found == null ? Future.succeededFuture(null) : change.apply(found.store()));
  }

  /** A job and the store of the queue it is in. */
  public record Found(JobStore store, Job job) {
  }
}
