package dev.jobsservice.api;

import dev.jobsservice.jobs.Queues;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each second, deletes every queue's finished jobs whose retention has passed, as each worker does
 * too: finished jobs have no TTL, and with the workers scaled to zero the API is what still runs.
 * A pass that has not finished by the next tick (Redis slow or down) makes that tick skip.
 */
final class RetentionSweep {
  static final long EVERY_MS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

  private final Vertx vertx;
  private final Queues queues;
  private long timer = -1;
  private boolean running;

  RetentionSweep(Vertx vertx, Queues queues) {
    this.vertx = vertx;
    this.queues = queues;
  }

  void start() {
    timer = vertx.setPeriodic(EVERY_MS, t -> sweep());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void sweep() {
    if (running) {
      return;
    }
    running = true;
    Future.all(queues.names().stream().map(name -> queues.store(name).prune()).toList())
        .onSuccess(all -> {
          int deleted = 0;
          for (int i = 0; i < all.size(); i++) {
            deleted += all.<Integer>resultAt(i);
          }
          if (deleted > 0) {
            log.debug("deleted {} finished job(s) past their retention", deleted);
          }
        })
        .onFailure(e -> log.debug("deleting finished jobs past their retention failed: {}", e.toString()))
        .onComplete(done -> running = false);
  }
}
