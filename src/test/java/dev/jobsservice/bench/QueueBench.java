package dev.jobsservice.bench;

import dev.jobsservice.app.AppConfig;
import dev.jobsservice.app.JobsService;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStatus;
import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.jobs.QueueView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Queue-level benchmark, no HTTP: the peer of BullMQ's {@code addBulk} + {@code Worker}
 * (../shared/bench/peers/bullmq/bench.js), run by bench/queue.sh, not by the tests.
 *
 * <pre>java -cp test-classes:jobs-service.jar dev.jobsservice.bench.QueueBench MODE WORKERS N REDIS_URL</pre>
 *
 * <ul>
 *   <li>{@code addbulk}: N submits through {@link JobStore#submit} (what POST /jobs calls), BULK
 *   in flight at a time (pipelined on the client's connections) -> submits/s.</li>
 *   <li>{@code process}: N jobs submitted as above (untimed), then the service's own worker
 *   verticles ({@link JobsService}, role worker, WORKERS of them) drain them -> jobs/s, from the
 *   first job's started_at to the last one's finished_at (the verticles' deployment is left out,
 *   as BullMQ's bench waits for its Worker to be ready). With {@code -Dbench.rounds=R}, R such
 *   rounds in one JVM: the figure is the last, warm one; {@code rounds_per_s} lists them all.</li>
 *   <li>{@code live}: the workers run first, then N submits with 50 in flight -> jobs/s from the
 *   first submit to the last finished_at, and p50/p99 of submit call -> finished_at per job.</li>
 * </ul>
 * Prints one line {@code QUEUE {json}}. Flushes the Redis it is given (refuses port 6379).
 */
public final class QueueBench {
  private static final int LIVE_IN_FLIGHT = 50;
  private static final long TIMEOUT_MS = Long.getLong("bench.timeout.ms", 300_000);

  private QueueBench() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int workers = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    String url = args[3];
    int bulk = Integer.getInteger("bench.bulk", 1000);
    int rounds = "process".equals(mode) ? Integer.getInteger("bench.rounds", 1) : 1;
    if (url.endsWith(":6379")) {
      throw new IllegalArgumentException("refusing to flush the Redis on 6379");
    }
    Vertx vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(8).setMaxPoolWaiting(100_000).setMaxWaitingHandlers(100_000));
    redis.send(Request.cmd(Command.FLUSHALL)).await(10, TimeUnit.SECONDS);
    JobStore store = JobStore.create(redis, "jobs");
    QueueView view = QueueView.create(redis, "jobs");
    JobRequest job = new JobRequest("summary", "2000", "2010", new JsonObject());
    JsonObject out = new JsonObject().put("mode", mode).put("n", n).put("workers", workers)
        .put("java", System.getProperty("java.version"));
    String[] ids = new String[n];
    JobsService service = null;
    try {
      switch (mode) {
        case "addbulk" -> {
          long t0 = System.nanoTime();
          submitBulk(store, job, ids, bulk);
          double s = (System.nanoTime() - t0) / 1e9;
          out.put("bulk", bulk).put("secs", round(s)).put("per_s", round(n / s));
        }
        case "process" -> {
          // Each round drains a queue of its own in the same JVM; the last is the figure, and
          // with ROUNDS > 1 a warm one (the JIT has compiled the worker's path by then).
          JsonArray perRound = new JsonArray();
          for (int r = 1; r <= rounds; r++) {
            submitBulk(store, job, ids, bulk);
            // A marker to start a profiler on (perf record, JFR) for the drain alone.
            System.out.println("DRAIN START round " + r);
            System.out.flush();
            service = JobsService.start(workerConfig(url, workers));
            awaitFinished(view, (long) n * r);
            long[][] times = times(redis, ids);
            double s = (max(times[2]) - min(times[1])) / 1000.0;
            perRound.add(round(n / s));
            out.put("secs", round(s)).put("per_s", round(n / s));
            if (r < rounds) {
              service.close();
              service = null;
            }
          }
          if (rounds > 1) {
            out.put("rounds_per_s", perRound);
          }
        }
        case "live" -> {
          service = JobsService.start(workerConfig(url, workers));
          long[] sent = new long[n];
          long t0 = System.currentTimeMillis();
          submitLive(store, job, ids, sent);
          awaitFinished(view, n);
          long[][] times = times(redis, ids);
          double s = (max(times[2]) - t0) / 1000.0;
          long[] lat = new long[n];
          for (int i = 0; i < n; i++) {
            lat[i] = times[2][i] - sent[i];
          }
          Arrays.sort(lat);
          out.put("secs", round(s)).put("per_s", round(n / s)).put("p50_ms", pct(lat, 0.50)).put("p99_ms", pct(lat, 0.99))
              .put("note", "latency = submit call -> finished_at, ms clock");
        }
        default -> throw new IllegalArgumentException("mode: addbulk | process | live");
      }
      Map<JobStatus, Long> counts = view.counts().await(10, TimeUnit.SECONDS).byStatus();
      if (!"addbulk".equals(mode) && counts.get(JobStatus.COMPLETE) != (long) n * rounds) {
        throw new IllegalStateException("not all complete: " + counts);
      }
      System.out.println("QUEUE " + out.encode());
    } finally {
      if (service != null) {
        service.close();
      }
      redis.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static AppConfig workerConfig(String url, int workers) {
    return AppConfig.from(new JsonObject(), Map.of("REDIS_URL", url, "JOBS_ROLE", "worker",
        "JOBS_WORKERS", Integer.toString(workers), "HTTP_PORT", "0", "HTTP_HOST", "127.0.0.1",
        "JOBS_WORKER_ID", "queue-bench", "JOBS_PREFIX", "jobs"));
  }

  /** Like addBulk: BULK submits in flight, the next chunk once they are all answered. */
  private static void submitBulk(JobStore store, JobRequest job, String[] ids, int bulk) throws Exception {
    for (int i = 0; i < ids.length; i += bulk) {
      int k = Math.min(bulk, ids.length - i);
      List<Future<?>> chunk = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        int at = i + j;
        chunk.add(store.submit(job).onSuccess(saved -> ids[at] = saved.id()));
      }
      Future.all(chunk).await(60, TimeUnit.SECONDS);
    }
  }

  /** LIVE_IN_FLIGHT lanes, each submitting its next job once the last one was saved. */
  private static void submitLive(JobStore store, JobRequest job, String[] ids, long[] sent) throws Exception {
    int[] next = {0};
    List<Future<?>> lanes = new ArrayList<>();
    for (int l = 0; l < LIVE_IN_FLIGHT; l++) {
      lanes.add(lane(store, job, ids, sent, next));
    }
    Future.all(lanes).await(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private static Future<Void> lane(JobStore store, JobRequest job, String[] ids, long[] sent, int[] next) {
    int i;
    synchronized (next) {
      if (next[0] >= ids.length) {
        return Future.succeededFuture();
      }
      i = next[0]++;
    }
    sent[i] = System.currentTimeMillis();
    return store.submit(job).compose(saved -> {
      ids[i] = saved.id();
      return lane(store, job, ids, sent, next);
    });
  }

  /** Polls the status counts every 5 ms until N jobs are finished. */
  private static void awaitFinished(QueueView view, long n) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      Map<JobStatus, Long> c = view.counts().await(10, TimeUnit.SECONDS).byStatus();
      if (c.get(JobStatus.COMPLETE) + c.get(JobStatus.FAILED) >= n) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out waiting for the jobs: " + c);
      }
      Thread.sleep(5);
    }
  }

  /** created_at, started_at, finished_at of each job, ms since the epoch, read after the run. */
  private static long[][] times(Redis redis, String[] ids) throws Exception {
    JobStore store = JobStore.create(redis, "jobs");
    long[][] t = new long[3][ids.length];
    int chunk = 1000;
    for (int i = 0; i < ids.length; i += chunk) {
      List<Future<Job>> reads = new ArrayList<>();
      for (int j = i; j < Math.min(ids.length, i + chunk); j++) {
        reads.add(store.get(ids[j]));
      }
      Future.all(reads).await(60, TimeUnit.SECONDS);
      for (int j = 0; j < reads.size(); j++) {
        Job job = reads.get(j).result();
        t[0][i + j] = ms(job.createdAt());
        t[1][i + j] = ms(job.startedAt());
        t[2][i + j] = ms(job.finishedAt());
      }
    }
    return t;
  }

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static long min(long[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }

  private static long max(long[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
