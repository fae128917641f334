package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobEvent;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * {@code GET /jobs/{id}?wait=N}: holds the request until the job is complete, failed or cancelled,
 * or N seconds (at most {@link LiveSettings#maxWaitSeconds()}) have passed, then hands it on to the
 * plain {@code GET /jobs/{id}} route, which reads the job and answers it as it is then. Without
 * {@code wait} (or with 0) the request goes straight on.
 * <ol>
 *   <li>subscribe to the job's events first,</li>
 *   <li>then, once they are followed, read its status: a job that finishes between the two is
 *       seen by one or the other;</li>
 *   <li>answer on the first terminal event, at the deadline, or (after the events follower was cut
 *       off and may have missed events) when a fresh read finds the job finished.</li>
 * </ol>
 * A waiting request holds a map entry and a timer, no thread and no Redis connection.
 */
final class JobWait {
  private final Function<String, Future<Job>> read;
  private final EventHub hub;
  private final int maxWaitSeconds;

  /** {@code read} reads a job by id (null when unknown): the store's {@code get}. */
  JobWait(Function<String, Future<Job>> read, EventHub hub, int maxWaitSeconds) {
    this.read = read;
    this.hub = hub;
    this.maxWaitSeconds = maxWaitSeconds;
  }

  /** Mount before the plain GET route: this one runs first and passes the request on. */
  void mount(Endpoints endpoints) {
    endpoints.on(HttpMethod.GET, "/jobs/:id").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    int seconds = Math.min(waitSeconds(ctx), maxWaitSeconds);
    if (seconds == 0) {
      ctx.next();
      return;
    }
    new Waiter(ctx, seconds).start();
  }

  /** The {@code wait} parameter: whole seconds, 0 when absent; more than the cap is cut to it. */
  private static int waitSeconds(RoutingContext ctx) {
    String value = Requests.param(ctx, "wait");
    if (value == null) {
      return 0;
    }
    if (!value.matches("\\d{1,9}")) {
      throw Problem.badRequest("query parameter 'wait' must be a whole number of seconds (0 or more)");
    }
    return Integer.parseInt(value);
  }

  /** One waiting request. */
  private final class Waiter implements EventHub.Subscriber {
    private final RoutingContext ctx;
    private final int seconds;
    private EventHub.Watch watch;
    private long timer;
    private boolean done;

    Waiter(RoutingContext ctx, int seconds) {
      this.ctx = ctx;
      this.seconds = seconds;
    }

    void start() {
      String id = ctx.pathParam("id");
      watch = hub.watch(id, this);
      timer = ctx.vertx().setTimer(seconds * 1000L, t -> finish(true));
      // A client that gives up is forgotten at once, not at the deadline. (An end handler, not the
      // response's close handler: that has one place, which the router's end handlers hold.)
      ctx.addEndHandler(v -> finish(false));
      // Read only once the events are followed: a job finishing before that is seen by the read.
      bounded(watch.live()).onComplete(ar -> {
        if (ar.succeeded()) {
          check();
        } else if (!done) {
          // Redis cannot be reached: 503 now, as a plain GET would answer, not at the deadline.
          stop();
          ctx.fail(ar.cause());
        }
      });
    }

    /** Reads the job; answers now if it is unknown or finished, else keeps waiting. */
    private void check() {
      if (done) {
        return;
      }
      bounded(read.apply(ctx.pathParam("id"))).onComplete(ar -> {
        if (done) {
          return;
        }
        if (ar.failed()) {
          stop();
          ctx.fail(ar.cause());
        } else if (ar.result() == null || ar.result().status().isTerminal()) {
          finish(true);
        }
      });
    }

    @Override
    public void onEvent(JobEvent event) {
      if (event.isTerminal()) {
        finish(true);
      }
    }

    @Override
    public void onResync() {
      check();
    }

    private void finish(boolean answer) {
      if (done) {
        return;
      }
      stop();
      if (answer && !ctx.response().closed()) {
        ctx.next();
      }
    }

    private void stop() {
      done = true;
      watch.cancel();
      ctx.vertx().cancelTimer(timer);
    }
  }
}
