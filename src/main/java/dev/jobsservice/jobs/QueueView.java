package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of the queue for the dashboard: how many jobs wait and how many are in each
 * status, and the registered workers with the jobs each is running. Each view is one or two
 * pipelined round trips; nothing here writes.
 */
public final class QueueView {
  /** Workers listed at most (newest renewal first): far more than a dashboard shows. */
  static final int MAX_WORKERS = 200;
  /** Running jobs looked at to say who runs what. */
  static final int MAX_RUNNING = 500;

  private final Redis redis;
  private final Keys keys;

  private QueueView(Redis redis, Keys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public static QueueView create(Redis redis, String prefix) {
    return new QueueView(redis, new Keys(prefix));
  }

  /** Ids waiting in the queue, and jobs per status. */
  public record Counts(long waiting, Map<JobStatus, Long> byStatus) {
  }

  /** A job a worker is running. */
  public record Running(String id, String type, String startedAt) {
  }

  /**
   * A registered worker id: whether a live process holds it (its lease key exists), when it was
   * last renewed (ms since the epoch), and the jobs it is running.
   */
  public record Worker(String id, boolean alive, long lastSeenMs, List<Running> running) {
  }

  public Future<Counts> counts() {
    List<Request> reads = new ArrayList<>();
    reads.add(Request.cmd(Command.LLEN).arg(keys.queue()));
    for (JobStatus status : JobStatus.values()) {
      reads.add(Keys.countJobs(keys.byStatus(status)));
    }
    return redis.batch(reads).map(replies -> {
      Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
      for (JobStatus status : JobStatus.values()) {
        byStatus.put(status, replies.get(1 + status.ordinal()).toLong());
      }
      return new Counts(replies.get(0).toLong(), byStatus);
    });
  }

  /** Registered workers, most recently renewed first, with the jobs they run. */
  public Future<List<Worker>> workers() {
    List<Request> reads = List.of(
        Request.cmd(Command.ZRANGE).arg(keys.workers()).arg(0).arg(MAX_WORKERS - 1).arg("REV").arg("WITHSCORES"),
        Request.cmd(Command.ZRANGE).arg(keys.byStatus(JobStatus.IN_PROGRESS)).arg("-inf").arg(Keys.BELOW_KEEPER)
            .arg("BYSCORE").arg("LIMIT").arg(0).arg(MAX_RUNNING));
    return redis.batch(reads).compose(replies -> {
      Map<String, Long> seen = scored(replies.get(0));
      List<Request> more = new ArrayList<>();
      seen.keySet().forEach(w -> more.add(Request.cmd(Command.EXISTS).arg(keys.workerSlot(w))));
      List<String> runningIds = new ArrayList<>();
      replies.get(1).forEach(r -> runningIds.add(r.toString()));
      runningIds.forEach(id -> more.add(Request.cmd(Command.HMGET).arg(keys.job(id))
          .arg("worker").arg("started_at").arg("spec").arg("type")));
      if (more.isEmpty()) {
        return Future.succeededFuture(List.<Worker>of());
      }
      return redis.batch(more).map(answers -> {
        Map<String, List<Running>> byWorker = new LinkedHashMap<>();
        for (int i = 0; i < runningIds.size(); i++) {
          Response job = answers.get(seen.size() + i);
          String worker = text(job.get(0));
          if (worker != null) {
            byWorker.computeIfAbsent(worker, w -> new ArrayList<>())
                .add(new Running(runningIds.get(i), JobHash.type(text(job.get(2)), text(job.get(3))),
                    text(job.get(1))));
          }
        }
        List<Worker> out = new ArrayList<>();
        int i = 0;
        for (var e : seen.entrySet()) {
          out.add(new Worker(e.getKey(), answers.get(i++).toInteger() == 1, e.getValue(),
              byWorker.getOrDefault(e.getKey(), List.of())));
        }
        return out;
      });
    });
  }

  private static String text(Response r) {
    return r == null ? null : r.toString();
  }

  /** WITHSCORES replies: [member, score] pairs in RESP3, a flat array in RESP2. */
  private static Map<String, Long> scored(Response reply) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (reply.size() > 0 && reply.get(0).isArray()) {
      reply.forEach(pair -> out.put(pair.get(0).toString(), pair.get(1).toDouble().longValue()));
      return out;
    }
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      out.put(reply.get(i).toString(), reply.get(i + 1).toDouble().longValue());
    }
    return out;
  }
}
