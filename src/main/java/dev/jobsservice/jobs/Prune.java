package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/**
 * Deletes a queue's finished jobs whose retention has passed (hash, result and index entries):
 * finished jobs have no TTL, this is what removes them. Workers run it each second, and so does
 * the API, so that jobs go on time with the workers scaled to zero too. Several callers at once
 * are harmless: each call is one script, and a job is deleted by whichever call sees it first.
 */
final class Prune {
  private static final Script PRUNE = Script.load("prune", 5);
  /** Jobs deleted per call: bounds the script's run time; {@link #run} repeats while full. */
  private static final int BATCH = 1000;
  /** At most this many calls in a row, so one pass never hogs Redis for long. */
  private static final int ROUNDS = 20;

  private Prune() {
  }

  /** Deletes up to 20,000 due jobs, in batches; returns how many. */
  static Future<Integer> run(Redis redis, Keys keys) {
    return rounds(redis, keys, 0, 0);
  }

  private static Future<Integer> rounds(Redis redis, Keys keys, int round, int total) {
    return PRUNE.call(redis,
            List.of(keys.retention(), keys.index(), keys.byStatus(JobStatus.COMPLETE), keys.byStatus(JobStatus.FAILED),
                keys.byStatus(JobStatus.CANCELLED)),
            List.of(keys.tag(), Integer.toString(BATCH)))
        .compose(reply -> {
          int n = reply.toInteger();
          return n == BATCH && round + 1 < ROUNDS
              ? rounds(redis, keys, round + 1, total + n) : Future.succeededFuture(total + n);
        });
  }
}
