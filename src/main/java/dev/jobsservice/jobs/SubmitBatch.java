package dev.jobsservice.jobs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of one store's submits: the jobs submitted on one event loop in one turn (the
 * requests it read in one pass) go to Redis as one call of submit-many, which handles them in
 * order with an outcome each, as separate calls would have. Under load that is one script call,
 * one round trip and one WAIT for many jobs instead of one each; alone, a job waits for nothing
 * more than the end of the current turn. Off a Vert.x thread each submit is a call of its own.
 */
final class SubmitBatch {
  private static final Script SUBMIT_MANY = Script.loadMany("submit-many", 6);
  /** Bounds one script run (Redis serves nobody else meanwhile) to well under a millisecond. */
  static final int MAX_JOBS = 64;
  static final int ARGS_PER_JOB = 9;
  /** Calls of one store out at once on one event loop; jobs arriving meanwhile wait for the next. */
  static final int MAX_IN_FLIGHT = 2;
  /**
   * A call that has not returned after this long frees its place all the same, so that a call
   * stuck on a dead connection holds back no later jobs (its own jobs keep waiting for it, up to
   * the caller's bound). Normally a call returns in well under a millisecond.
   */
  static final long IN_FLIGHT_MS = 1_000;

  /** A job's outcome: 0 and its seq (new), 1 and the earlier job's id (replayed), 2 and an error. */
  record Outcome(int code, String value) {
  }

  /**
   * How the calls of one store are made: its shared keys and args, and the replicas to wait for.
   * Also the key of the store's open batch in a context's data, by identity.
   */
  static final class Target {
    private final Redis redis;
    private final List<String> sharedKeys;
    private final List<String> sharedArgs;
    private final int waitReplicas;

    Target(Redis redis, List<String> sharedKeys, List<String> sharedArgs, int waitReplicas) {
      this.redis = redis;
      this.sharedKeys = List.copyOf(sharedKeys);
      this.sharedArgs = List.copyOf(sharedArgs);
      this.waitReplicas = waitReplicas;
    }
  }

  private final Target target;
  private final List<String> keys;
  private final List<String> args;
  /** The script's reply, when it comes; each job's outcome is read from it. */
  private final CompletableFuture<Response> done = new CompletableFuture<>();
  /**
   * {@link #done} on the context of the requests (when there is one): callers bound their wait
   * with {@link Future#timeout}, which times a future with no context on a shared thread of its
   * own (a hand-off to that thread and back for every request).
   */
  private final Future<Response> reply;
  private int jobs;

  private SubmitBatch(Target target, Context context) {
    this.target = target;
    this.keys = new ArrayList<>(target.sharedKeys);
    this.args = new ArrayList<>(target.sharedArgs);
    this.reply = context == null ? Future.fromCompletionStage(done) : Future.fromCompletionStage(done, context);
  }

  /**
   * Adds a job ({@code jobArgs}: the script's {@link #ARGS_PER_JOB} args of one job) to the open
   * batch of this store on this event loop. The batch is sent when the turn ends, or, while
   * {@link #MAX_IN_FLIGHT} calls of the store are still out, as soon as one returns: the jobs
   * that arrive during a call go in the next one, which is what makes batches under load.
   */
  static Future<Outcome> add(Target target, String jobKey, String idempotencyKey, List<String> jobArgs) {
    Context context = Vertx.currentContext();
    if (context == null) {
      SubmitBatch alone = new SubmitBatch(target, null);
      Future<Outcome> outcome = alone.add(jobKey, idempotencyKey, jobArgs);
      alone.send();
      return outcome;
    }
    // Context data is shared by the duplicates (one per request) of one event-loop context.
    Flow flow = context.get(target);
    if (flow == null) {
      flow = new Flow(target, context);
      context.put(target, flow);
    }
    return flow.add(jobKey, idempotencyKey, jobArgs);
  }

  /** The batches of one store on one event loop: the one open, and how many calls are out. */
  private static final class Flow {
    private final Target target;
    private final Context context;
    private SubmitBatch open;
    private boolean flushQueued;
    private int inFlight;

    Flow(Target target, Context context) {
      this.target = target;
      this.context = context;
    }

    Future<Outcome> add(String jobKey, String idempotencyKey, List<String> jobArgs) {
      if (open == null) {
        open = new SubmitBatch(target, context);
      }
      Future<Outcome> outcome = open.add(jobKey, idempotencyKey, jobArgs);
      if (open.jobs >= MAX_JOBS) {
        send();
      } else if (!flushQueued && inFlight < MAX_IN_FLIGHT) {
        flushQueued = true;
        context.runOnContext(v -> {
          flushQueued = false;
          if (inFlight < MAX_IN_FLIGHT) {
            send();
          }
        });
      }
      return outcome;
    }

    private void send() {
      SubmitBatch batch = open;
      open = null;
      if (batch == null) {
        return;
      }
      inFlight++;
      batch.send().timeout(IN_FLIGHT_MS, TimeUnit.MILLISECONDS).onComplete(done -> {
        inFlight--;
        if (open != null && !flushQueued) {
          send();
        }
      });
    }
  }

  private Future<Outcome> add(String jobKey, String idempotencyKey, List<String> jobArgs) {
    keys.add(jobKey);
    keys.add(idempotencyKey);
    args.addAll(jobArgs);
    int index = jobs++;
    return reply.map(r -> new Outcome(r.get(2 * index).toInteger(), r.get(2 * index + 1).toString()));
  }

  private Future<Void> send() {
    return SUBMIT_MANY.callAndWait(target.redis, keys, args, target.waitReplicas, QueueSettings.WAIT_TIMEOUT_MS)
        .compose(written -> NotReplicatedException.check(written, target.waitReplicas))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            done.complete(ar.result());
          } else {
            done.completeExceptionally(ar.cause());
          }
        }).mapEmpty();
  }
}
