package dev.jobsservice.jobs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of one script's calls: the items (jobs submitted, jobs finished) added on one
 * event loop in one turn go to Redis as one call of a script over items ({@link Script#loadMany}),
 * which handles them in order with a reply entry each, as separate calls would have. Under load
 * that is one script call, one round trip and one WAIT for many items instead of one each;
 * alone, an item waits for nothing more than the end of the current turn. Off a Vert.x thread
 * each item is a call of its own.
 */
final class GroupCommit {
  /** Bounds one script run (Redis serves nobody else meanwhile) to well under a millisecond. */
  static final int MAX_ITEMS = 64;
  /** Calls of one target out at once on one event loop; items arriving meanwhile wait for the next. */
  static final int MAX_IN_FLIGHT = 2;
  /**
   * A call that has not returned after this long frees its place all the same, so that a call
   * stuck on a dead connection holds back no later items (its own items keep waiting for it, up
   * to the caller's bound). Normally a call returns in well under a millisecond.
   */
  static final long IN_FLIGHT_MS = 1_000;

  /** The call's reply, the replicas that had it, and where this item's entries start in it. */
  record Slot(Script.Replicated written, int index) {
  }

  /**
   * How the calls are made: the script, the client, the keys and args every call starts with,
   * and the replicas to wait for. Also the key of its open batch in a context's data: equal
   * targets (the same script and client, the same shared keys and args) share their batches, so
   * the workers of one event loop that share a client commit together.
   */
  static final class Target {
    private final Script script;
    private final Redis redis;
    private final List<String> sharedKeys;
    private final List<String> sharedArgs;
    private final int waitReplicas;

    Target(Script script, Redis redis, List<String> sharedKeys, List<String> sharedArgs, int waitReplicas) {
      this.script = script;
      this.redis = redis;
      this.sharedKeys = List.copyOf(sharedKeys);
      this.sharedArgs = List.copyOf(sharedArgs);
      this.waitReplicas = waitReplicas;
    }

    int waitReplicas() {
      return waitReplicas;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Target t && t.script == script && t.redis == redis && t.sharedKeys.equals(sharedKeys)
          && t.sharedArgs.equals(sharedArgs) && t.waitReplicas == waitReplicas;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(redis) * 31 + sharedKeys.hashCode();
    }
  }

  private final Target target;
  private final List<String> keys;
  private final List<String> args;
  /** The script's reply, when it comes; each item's entries are read from it. */
  private final CompletableFuture<Script.Replicated> done = new CompletableFuture<>();
  /**
   * {@link #done} on the context of the callers (when there is one): callers bound their wait
   * with {@link Future#timeout}, which times a future with no context on a shared thread of its
   * own (a hand-off to that thread and back for every item).
   */
  private final Future<Script.Replicated> reply;
  private int items;

  private GroupCommit(Target target, Context context) {
    this.target = target;
    this.keys = new ArrayList<>(target.sharedKeys);
    this.args = new ArrayList<>(target.sharedArgs);
    this.reply = context == null ? Future.fromCompletionStage(done) : Future.fromCompletionStage(done, context);
  }

  /**
   * Adds an item ({@code itemKeys} and {@code itemArgs}: the script's keys and args of one item)
   * to the open batch of {@code target} on this event loop. The batch is sent when the turn ends,
   * or, while {@link #MAX_IN_FLIGHT} calls of the target are still out, as soon as one returns:
   * the items that arrive during a call go in the next one, which is what makes batches under load.
   */
  static Future<Slot> add(Target target, List<String> itemKeys, List<String> itemArgs) {
    Context context = Vertx.currentContext();
    if (context == null) {
      GroupCommit alone = new GroupCommit(target, null);
      Future<Slot> slot = alone.add(itemKeys, itemArgs);
      alone.send();
      return slot;
    }
    // Context data is shared by the duplicates (one per request) of one event-loop context.
    Flow flow = context.get(target);
    if (flow == null) {
      flow = new Flow(target, context);
      context.put(target, flow);
    }
    return flow.add(itemKeys, itemArgs);
  }

  /** The batches of one target on one event loop: the one open, and how many calls are out. */
  private static final class Flow {
    private final Target target;
    private final Context context;
    private GroupCommit open;
    private boolean flushQueued;
    private int inFlight;

    Flow(Target target, Context context) {
      this.target = target;
      this.context = context;
    }

    Future<Slot> add(List<String> itemKeys, List<String> itemArgs) {
      if (open == null) {
        open = new GroupCommit(target, context);
      }
      Future<Slot> slot = open.add(itemKeys, itemArgs);
      if (open.items >= MAX_ITEMS) {
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
      return slot;
    }

    private void send() {
      GroupCommit batch = open;
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

  private Future<Slot> add(List<String> itemKeys, List<String> itemArgs) {
    keys.addAll(itemKeys);
    args.addAll(itemArgs);
    int index = items++;
    return reply.map(written -> new Slot(written, index));
  }

  private Future<Void> send() {
    return target.script.callAndWait(target.redis, keys, args, target.waitReplicas, QueueSettings.WAIT_TIMEOUT_MS)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            done.complete(ar.result());
          } else {
            done.completeExceptionally(ar.cause());
          }
        }).mapEmpty();
  }
}
