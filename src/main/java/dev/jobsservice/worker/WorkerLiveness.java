package dev.jobsservice.worker;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The last sign of life of every worker verticle in this JVM: when its loop last went round, and
 * the job it is running, if any. The loop writes it (one call per turn); health checks read it,
 * and so can a watchdog. A worker is here from its first turn until it starts stopping.
 *
 * <p>Why a job counts as a sign of life: a job may legitimately run for an hour, during which
 * the loop does not go round. Whether a job runs too long is a job timeout's business, not a
 * liveness probe's (restarting the process would only run the job again).
 */
public final class WorkerLiveness {
  private static final ConcurrentMap<WorkerVerticle, Seen> WORKERS = new ConcurrentHashMap<>();

  /**
   * One worker as last seen.
   *
   * @param owner the Vert.x instance it runs on (one JVM may run several services, as tests do)
   * @param worker its worker id, or the id it will try first while it has none
   * @param atNanos when ({@link System#nanoTime()}) its loop last went round, or its job started
   * @param job the id of the job it is running, or null when it is between jobs
   */
  public record Seen(Vertx owner, String worker, long atNanos, String job) {
    /** Between jobs and silent for longer than {@code maxSilenceNanos}: its loop is stuck. */
    public boolean stalled(long nowNanos, long maxSilenceNanos) {
      return job == null && nowNanos - atNanos > maxSilenceNanos;
    }
  }

  private WorkerLiveness() {
  }

  /** The loop went round ({@code job} null), or took {@code job} and is about to run it. */
  static void beat(Vertx owner, WorkerVerticle worker, String job) {
    WORKERS.put(worker, new Seen(owner, worker.workerId(), System.nanoTime(), job));
  }

  /** The worker is stopping: it takes no more jobs, and is no longer watched. */
  static void gone(WorkerVerticle worker) {
    WORKERS.remove(worker);
  }

  /** The workers running on {@code owner}, as last seen. */
  public static List<Seen> of(Vertx owner) {
    return WORKERS.values().stream().filter(s -> s.owner() == owner).toList();
  }
}
