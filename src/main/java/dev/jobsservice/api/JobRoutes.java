package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.Analysis;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobPage;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStatus;
import dev.jobsservice.jobs.JobStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.TreeSet;

/** {@code /jobs}: submit a job, list jobs, read one job and its result. */
final class JobRoutes {
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 1000;

  private final JobStore store;
  private final Analyses analyses;
  private final String defaultType;

  JobRoutes(JobStore store, Analyses analyses, String defaultType) {
    this.store = store;
    this.analyses = analyses;
    this.defaultType = defaultType;
  }

  void mount(Endpoints endpoints, BodyHandler body) {
    endpoints.on(HttpMethod.POST, "/jobs")
        .handler(JsonBodyLabel.INSTANCE).handler(body).handler(this::submit);
    endpoints.on(HttpMethod.GET, "/jobs").handler(this::list);
    endpoints.on(HttpMethod.GET, "/jobs/:id").handler(this::get);
    endpoints.on(HttpMethod.GET, "/jobs/:id/results").handler(this::results);
  }

  private void submit(RoutingContext ctx) {
    if (!(Requests.json(ctx) instanceof JsonObject body)) {
      throw Problem.badRequest("the request body must be a JSON object such as {\"start\": 2000, \"end\": 2010}");
    }
    JobRequest request = JobRequest.fromJson(body, defaultType);
    Analysis analysis = analyses.find(request.type()).orElseThrow(() -> Problem.badRequest(
        "unknown job type '" + request.type() + "'; known types: " + new TreeSet<>(analyses.types())));
    analysis.validate(request);
    Replies.json(ctx, bounded(store.submit(request)).onSuccess(job ->
        ctx.response().putHeader(HttpHeaders.LOCATION, "/jobs/" + job.id())), 201, job -> job.toJson().encode());
  }

  private void list(RoutingContext ctx) {
    int limit = Requests.intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String statusName = Requests.param(ctx, "status");
    JobStatus status = statusName == null ? null : JobStatus.fromWire(statusName).orElseThrow(() ->
        Problem.badRequest("query parameter 'status' must be one of "
            + Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList()));
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
    Replies.json(ctx, job(id), 200, job -> job.toJson().encode());
  }

  private void results(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Future<String> result = job(id).compose(job -> {
      if (job.status() == JobStatus.FAILED) {
        return Future.failedFuture(new Problem(409, "Conflict", "job " + id + " failed and has no result",
            new JsonObject().put("job_status", job.status().wireName()).put("error", job.error()), null));
      }
      if (job.status() != JobStatus.COMPLETE) {
        return Future.failedFuture(new Problem(409, "Conflict",
            "job " + id + " has not finished yet; its result is not ready",
            new JsonObject().put("job_status", job.status().wireName()), 1));
      }
      return bounded(store.result(id)).compose(r -> Replies.orNotFound(r,
          new Problem(410, "Gone", "the result of job " + id + " is no longer stored", null, null)));
    });
    // Results are stored as JSON text: sent as they are.
    Replies.json(ctx, result, 200, text -> text);
  }

  /** The job, or a 404 failure for an unknown (or impossible) id. */
  private Future<Job> job(String id) {
    return bounded(store.get(id)).compose(job -> Replies.orNotFound(job,
        Problem.notFound("no job with id '" + Replies.echo(id) + "'")));
  }
}
