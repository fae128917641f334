package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.Analysis;
import dev.jobsservice.jobs.Change;
import dev.jobsservice.jobs.IdempotencyConflictException;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.LogFields;
import dev.jobsservice.jobs.JobOptions;
import dev.jobsservice.jobs.QueueFullException;
import dev.jobsservice.jobs.QueueSettings;
import dev.jobsservice.jobs.Submitted;
import dev.jobsservice.jobs.JobPage;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStatus;
import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.jobs.Queues;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /jobs}: submit a job, list jobs, read one job and its result, cancel and retry a job.
 */
final class JobRoutes {
  private static final Logger log = LoggerFactory.getLogger(JobRoutes.class);
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 1000;
  /** What a client is told to wait before submitting again when the queue is full. */
  static final int QUEUE_FULL_RETRY_AFTER_SECONDS = 5;
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Queues queues;
  private final Analyses analyses;
  private final String defaultType;
  private final QueueSettings queue;
  private final int maxJsonDepth;

  JobRoutes(Queues queues, Analyses analyses, String defaultType, QueueSettings queue, int maxJsonDepth) {
    this.queues = queues;
    this.analyses = analyses;
    this.defaultType = defaultType;
    this.queue = queue;
    this.maxJsonDepth = maxJsonDepth;
  }

  void mount(Endpoints endpoints, BodyHandler body) {
    endpoints.on(HttpMethod.POST, "/jobs")
        .handler(JsonBodyLabel.INSTANCE).handler(body).handler(this::submit);
    endpoints.on(HttpMethod.GET, "/jobs").handler(this::list);
    endpoints.on(HttpMethod.GET, "/jobs/:id").handler(this::get);
    endpoints.on(HttpMethod.DELETE, "/jobs/:id").handler(this::cancel);
    endpoints.on(HttpMethod.POST, "/jobs/:id/cancel").handler(this::cancel);
    endpoints.on(HttpMethod.POST, "/jobs/:id/retry").handler(this::retry);
    endpoints.on(HttpMethod.GET, "/jobs/:id/results").handler(this::results);
  }

  private void submit(RoutingContext ctx) {
    if (!(Requests.json(ctx, maxJsonDepth) instanceof JsonObject body)) {
      throw Problem.badRequest("the request body must be a JSON object such as {\"start\": 2000, \"end\": 2010}");
    }
    JobRequest request = JobRequest.fromJson(body, defaultType);
    JobOptions options = JobOptions.fromJson(body, queue);
    Analysis analysis = analyses.find(request.type()).orElseThrow(() -> Problem.badRequest(
        "unknown job type '" + request.type() + "'; known types: " + new TreeSet<>(analyses.types())));
    analysis.validate(request);
    JobStore store = queueOf(body);
    String key = idempotencyKey(ctx);
    bounded(store.submit(request, options, key)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(refused(ar.cause()));
        return;
      }
      Submitted s = ar.result();
      if (!s.replayed()) {
        log.info("job {} submitted (type {}, queue {})", LogFields.job(s.job().id()), s.job().request().type(),
            store.queue());
      }
      ctx.response().putHeader(HttpHeaders.LOCATION, "/jobs/" + s.job().id());
      if (s.replayed()) {
        // The job an earlier request with this key made: 200, not a second 201.
        ctx.response().putHeader("Idempotent-Replayed", "true");
      }
      Replies.json(ctx, s.replayed() ? 200 : 201, s.job().encode());
    });
  }

  /** A submit's failure as its answer: 429 for a full queue, 422 for a reused idempotency key. */
  private static Throwable refused(Throwable err) {
    if (err instanceof QueueFullException) {
      return new Problem(429, "Too Many Requests", err.getMessage(), null, QUEUE_FULL_RETRY_AFTER_SECONDS);
    }
    if (err instanceof IdempotencyConflictException) {
      return new Problem(422, "Unprocessable Content", err.getMessage(), null, null);
    }
    return err;
  }

  /** The store of the body's {@code queue} (default when absent); 400 for a queue not configured. */
  private JobStore queueOf(JsonObject body) {
    Object named = body.getValue("queue");
    if (named == null) {
      return queues.defaultStore();
    }
    JobStore store = named instanceof String name ? queues.store(name) : null;
    if (store == null) {
      throw Problem.badRequest("'queue' must be one of the configured queues " + queues.names() + ", got: "
          + (named instanceof String name ? "'" + Replies.echo(name) + "'" : "a " + kind(named)));
    }
    return store;
  }

  private static String kind(Object value) {
    return value instanceof Number ? "number" : value instanceof Boolean ? "boolean"
        : value instanceof JsonObject ? "object" : value instanceof JsonArray ? "array" : "value";
  }

  /** The store of the {@code queue} query parameter (default when absent); 400 for an unknown one. */
  private JobStore queueParam(RoutingContext ctx) {
    String name = Requests.param(ctx, "queue");
    if (name == null) {
      return queues.defaultStore();
    }
    JobStore store = queues.store(name);
    if (store == null) {
      throw Problem.badRequest("query parameter 'queue' must be one of the configured queues " + queues.names()
          + ", got: '" + Replies.echo(name) + "'");
    }
    return store;
  }

  /** The Idempotency-Key header, checked: 1-255 visible ASCII characters; null when absent. */
  private static String idempotencyKey(RoutingContext ctx) {
    if (!ctx.request().headers().contains(IDEMPOTENCY_KEY)) {
      return null; // the usual case, without building a list of its values
    }
    List<String> values = ctx.request().headers().getAll(IDEMPOTENCY_KEY);
    if (values.size() > 1 || !values.get(0).matches("[\\x21-\\x7e]{1,255}")) {
      throw Problem.badRequest("the Idempotency-Key header must be one value of 1-255 visible ASCII characters");
    }
    return values.get(0);
  }

  private void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    change(ctx, id, queues.inQueueOf(id, store -> store.cancel(id)), "cancelled",
        "job " + id + " has already finished and cannot be cancelled");
  }

  private void retry(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    change(ctx, id, queues.inQueueOf(id, store -> store.retry(id)), "submitted again (retry)",
        "only a failed or cancelled job can be retried");
  }

  /** Answers a cancel or retry with the job as it is now, or 409 when it did not apply. */
  private void change(RoutingContext ctx, String id, Future<Change> change, String done, String conflict) {
    Future<Job> job = bounded(change).compose(c -> {
      if (c == null) {
        return Future.failedFuture(notFound(id));
      }
      if (!c.applied()) {
        return Future.failedFuture(new Problem(409, "Conflict", conflict + " (it is " + c.status().wireName() + ")",
            new JsonObject().put("job_status", c.status().wireName()), null));
      }
      log.info("job {} {} (it was {})", LogFields.job(id), done, c.status().wireName());
      return job(id);
    });
    Replies.json(ctx, job, 200, Job::encode);
  }

  private void list(RoutingContext ctx) {
    int limit = Requests.intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String statusName = Requests.param(ctx, "status");
    JobStatus status = statusName == null ? null : JobStatus.fromWire(statusName).orElseThrow(() ->
        Problem.badRequest("query parameter 'status' must be one of "
            + Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList()));
    JobStore store = queueParam(ctx);
    String cursor = Requests.param(ctx, "cursor");
    if (cursor != null && !JobStore.isValidCursor(cursor)) {
      throw Problem.badRequest("query parameter 'cursor' must be a value returned as next_cursor");
    }
    Replies.json(ctx, bounded(store.list(status, cursor, limit)), 200, JobRoutes::render);
  }

  private static String render(JobPage page) {
    JsonArray jobs = new JsonArray();
    page.jobs().forEach(job -> jobs.add(job.toJson()));
    return new JsonObject().put("jobs", jobs).put("next_cursor", page.nextCursor()).encode();
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Replies.json(ctx, job(id), 200, Job::encode);
  }

  private void results(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Future<String> result = found(id).compose(found -> {
      Job job = found.job();
      if (job.status() == JobStatus.FAILED) {
        return Future.failedFuture(new Problem(409, "Conflict", "job " + id + " failed and has no result",
            new JsonObject().put("job_status", job.status().wireName()).put("error", job.error()), null));
      }
      if (job.status() != JobStatus.COMPLETE) {
        return Future.failedFuture(new Problem(409, "Conflict",
            "job " + id + " has not finished yet; its result is not ready",
            new JsonObject().put("job_status", job.status().wireName()), 1));
      }
      return bounded(found.store().result(id)).compose(r -> Replies.orNotFound(r,
          new Problem(410, "Gone", "the result of job " + id + " is no longer stored", null, null)));
    });
    // Results are stored as JSON text: sent as they are.
    Replies.json(ctx, result, 200, text -> text);
  }

  /** The job, or a 404 failure for an unknown (or impossible) id. */
  private Future<Job> job(String id) {
    return found(id).map(Queues.Found::job);
  }

  /** The job and its queue's store, or a 404 failure. */
  private Future<Queues.Found> found(String id) {
    return bounded(queues.find(id)).compose(found -> Replies.orNotFound(found, notFound(id)));
  }

  private Problem notFound(String id) {
    long retention = queue.retentionSeconds();
    long days = retention / 86_400;
    String kept = days >= 1 ? days + " day(s)" : retention + " s";
    return Problem.notFound("no job with id '" + Replies.echo(id) + "' (finished jobs are kept for " + kept + ")");
  }
}
