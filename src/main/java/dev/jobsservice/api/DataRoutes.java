package dev.jobsservice.api;

import dev.jobsservice.data.DataPage;
import dev.jobsservice.data.DataStore;
import dev.jobsservice.data.LoadReport;
import dev.jobsservice.data.Records;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Function;

/** {@code /data}: load the dataset, page and search it, read one record, empty it. */
final class DataRoutes {
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 1000;
  static final int MAX_SEARCH_LENGTH = 256;

  private final DataStore store;
  private final Function<Future<?>, Future<?>> guard;

  DataRoutes(DataStore store, Function<Future<?>, Future<?>> guard) {
    this.store = store;
    this.guard = guard;
  }

  void mount(Endpoints endpoints, BodyHandler body) {
    endpoints.on(HttpMethod.POST, "/data").handler(body).handler(this::load);
    endpoints.on(HttpMethod.GET, "/data").handler(this::page);
    endpoints.on(HttpMethod.DELETE, "/data").handler(this::clear);
    endpoints.on(HttpMethod.GET, "/data/:id").handler(this::get);
  }

  private void load(RoutingContext ctx) {
    // Decoding and encoding a dataset of many megabytes is CPU work: off the event loop.
    Future<LoadReport> loaded = ctx.vertx()
        .executeBlocking(() -> DataStore.prepare(Records.fromJson(Requests.json(ctx))), false)
        .compose(prepared -> guarded(store.replace(prepared)));
    loaded.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        JobRoutes.json(ctx, 201, ar.result().toJson().encode());
      }
    });
  }

  private void page(RoutingContext ctx) {
    int limit = Requests.intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String search = Requests.param(ctx, "search");
    if (search != null && search.length() > MAX_SEARCH_LENGTH) {
      throw Problem.badRequest("query parameter 'search' must be at most " + MAX_SEARCH_LENGTH + " characters");
    }
    int cursor = Requests.intParam(ctx, "cursor", 0, 0, Integer.MAX_VALUE);
    guarded(store.page(cursor, limit, search)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      DataPage page = ar.result();
      // Records are stored as JSON text: splice them in rather than decode and encode each.
      StringBuilder out = new StringBuilder(64 + page.records().size() * 128).append("{\"data\":[");
      for (int i = 0; i < page.records().size(); i++) {
        out.append(i == 0 ? "" : ",").append(page.records().get(i));
      }
      out.append("],\"next_cursor\":").append(page.nextCursor() == null ? "null" : "\"" + page.nextCursor() + "\"")
          .append(",\"total\":").append(page.total()).append('}');
      JobRoutes.json(ctx, 200, out.toString());
    });
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    guarded(store.get(id)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() == null) {
        ctx.fail(Problem.notFound("no record with id '" + (id.length() > 80 ? id.substring(0, 80) + "…" : id) + "'"));
      } else {
        JobRoutes.json(ctx, 200, ar.result());
      }
    });
  }

  private void clear(RoutingContext ctx) {
    guarded(store.clear()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> guarded(Future<T> f) {
    return (Future<T>) guard.apply(f);
  }
}
