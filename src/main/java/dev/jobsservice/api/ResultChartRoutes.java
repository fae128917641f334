package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.analysis.Analyses;
import dev.jobsservice.analysis.Charted;
import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobStatus;
import dev.jobsservice.jobs.Queues;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The PNG form of {@code GET /jobs/{id}/results}, mounted before the JSON route: a request that
 * asks for JSON, or for a job that has no result yet (unknown, running, failed), goes on to that
 * route and gets its answer; a complete job of a kind with a chart gets the chart, rendered from
 * the stored result on a worker thread; a kind without one gets 406.
 */
final class ResultChartRoutes {
  static final int MIN_SIZE = 200;
  static final int MAX_SIZE = 4000;

  private final Queues queues;
  private final Analyses analyses;

  ResultChartRoutes(Queues queues, Analyses analyses) {
    this.queues = queues;
    this.analyses = analyses;
  }

  void mount(Endpoints endpoints) {
    endpoints.on(HttpMethod.GET, "/jobs/:id/results").handler(this::chart);
  }

  private void chart(RoutingContext ctx) {
    // Caches must keep the JSON and the PNG of one URL apart.
    ctx.response().putHeader(HttpHeaders.VARY, "Accept");
    if (!ResultFormat.wantsPng(ctx.request().getHeader(HttpHeaders.ACCEPT), Requests.param(ctx, "format"))) {
      ctx.next();
      return;
    }
    int width = Requests.intParam(ctx, "width", Charted.WIDTH, MIN_SIZE, MAX_SIZE);
    int height = Requests.intParam(ctx, "height", Charted.HEIGHT, MIN_SIZE, MAX_SIZE);
    String id = ctx.pathParam("id");
    bounded(queues.find(id)).compose(found -> {
      if (found == null || found.job().status() != JobStatus.COMPLETE) {
        return Future.succeededFuture((Buffer) null);
      }
      Charted charted = charted(found.job());
      return bounded(found.store().result(id)).compose(text -> text == null ? Future.succeededFuture((Buffer) null)
          : ctx.vertx().executeBlocking(() -> Buffer.buffer(charted.png(object(text), width, height)), false));
    }).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() == null) {
        ctx.next();  // the JSON route says why there is no result
      } else {
        send(ctx, ar.result());
      }
    });
  }

  private Charted charted(Job job) {
    String type = job.request().type();
    if (analyses.find(type).orElse(null) instanceof Charted charted) {
      return charted;
    }
    throw new Problem(406, "Not Acceptable", "jobs of type '" + type + "' have no chart; their result is JSON "
        + "(types with charts: " + analyses.types().stream().filter(t -> analyses.find(t).orElse(null)
        instanceof Charted).sorted().toList() + ")", null, null);
  }

  private static JsonObject object(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new Problem(406, "Not Acceptable", "this result has nothing to chart", null, null);
    }
  }

  private static void send(RoutingContext ctx, Buffer png) {
    var response = ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "image/png");
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(png.length())).end();
    } else {
      response.end(png);
    }
  }
}
