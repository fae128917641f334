package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Submits of one store, group-committed ({@link GroupCommit}): the jobs submitted on one event
 * loop in one turn go to Redis as one call of submit-many, which handles them in order with an
 * outcome each, as separate calls would have.
 */
final class SubmitBatch {
  private static final Script SUBMIT_MANY = Script.loadMany("submit-many", 6, "batched", "spec");
  static final int ARGS_PER_JOB = 3;

  /** A job's outcome: 0 and its seq (new), 1 and the earlier job's id (replayed), 2 and an error. */
  record Outcome(int code, String value) {
  }

  private SubmitBatch() {
  }

  /** The calls of one store: its shared keys and args, and the replicas to wait for. */
  static GroupCommit.Target target(Redis redis, List<String> sharedKeys, List<String> sharedArgs, int waitReplicas) {
    return new GroupCommit.Target(SUBMIT_MANY, redis, sharedKeys, sharedArgs, waitReplicas);
  }

  /** Submits one job ({@code jobArgs}: the script's {@link #ARGS_PER_JOB} args of one job). */
  static Future<Outcome> add(GroupCommit.Target target, String jobKey, String idempotencyKey, List<String> jobArgs) {
    return GroupCommit.add(target, List.of(jobKey, idempotencyKey), jobArgs)
        .compose(slot -> NotReplicatedException.check(slot.written(), target.waitReplicas())
            .map(reply -> outcome(reply, slot.index())));
  }

  private static Outcome outcome(Response reply, int index) {
    return new Outcome(reply.get(2 * index).toInteger(), reply.get(2 * index + 1).toString());
  }
}
