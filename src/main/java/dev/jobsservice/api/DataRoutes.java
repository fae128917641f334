package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.data.DataPage;
import dev.jobsservice.data.DataStore;
import dev.jobsservice.data.Records;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** {@code /data}: load the dataset, page and search it, read one record, empty it. */
final class DataRoutes {
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 1000;
  static final int MAX_SEARCH_LENGTH = 256;

  private final DataStore store;

  DataRoutes(DataStore store) {
    this.store = store;
  }

  void mount(Endpoints endpoints, BodyHandler body) {
    endpoints.on(HttpMethod.POST, "/data")
        .handler(JsonBodyLabel.INSTANCE).handler(body).handler(this::load);
    endpoints.on(HttpMethod.GET, "/data").handler(this::page);
    endpoints.on(HttpMethod.DELETE, "/data").handler(this::clear);
    endpoints.on(HttpMethod.GET, "/data/:id").handler(this::get);
  }

  private void load(RoutingContext ctx) {
    // Decoding and encoding a dataset of many megabytes is CPU work: off the event loop.
    var loaded = ctx.vertx()
        .executeBlocking(() -> DataStore.prepare(Records.fromJson(Requests.json(ctx))), false)
        .compose(prepared -> bounded(store.replace(prepared)));
    Replies.json(ctx, loaded, 201, report -> report.toJson().encode());
  }

  private void page(RoutingContext ctx) {
    int limit = Requests.intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String search = Requests.param(ctx, "search");
    if (search != null && search.length() > MAX_SEARCH_LENGTH) {
      throw Problem.badRequest("query parameter 'search' must be at most " + MAX_SEARCH_LENGTH + " characters");
    }
    int cursor = Requests.intParam(ctx, "cursor", 0, 0, Integer.MAX_VALUE);
    Replies.json(ctx, bounded(store.page(cursor, limit, search)), 200, DataRoutes::render);
  }

  /** Records are stored as JSON text: spliced in rather than decoded and encoded again. */
  private static String render(DataPage page) {
    StringBuilder out = new StringBuilder(64 + page.records().size() * 128).append("{\"data\":[");
    for (int i = 0; i < page.records().size(); i++) {
      out.append(i == 0 ? "" : ",").append(page.records().get(i));
    }
    return out.append("],\"next_cursor\":").append(page.nextCursor() == null ? "null" : "\"" + page.nextCursor() + "\"")
        .append(",\"total\":").append(page.total()).append('}').toString();
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Replies.json(ctx, bounded(store.get(id)).compose(record -> Replies.orNotFound(record,
        Problem.notFound("no record with id '" + Replies.echo(id) + "'"))), 200, record -> record);
  }

  private void clear(RoutingContext ctx) {
    bounded(store.clear()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().setStatusCode(204).end();
      }
    });
  }
}
