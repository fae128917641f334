package dev.jobsservice.api;

import static dev.jobsservice.api.Replies.bounded;

import dev.jobsservice.data.DataPage;
import dev.jobsservice.data.DataQuery;
import dev.jobsservice.data.DataStore;
import dev.jobsservice.data.LoadOptions;
import dev.jobsservice.data.LoadReport;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code /data}: load the dataset, page, search and filter it, read one record, empty it. */
final class DataRoutes {
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 1000;
  static final int MAX_SEARCH_LENGTH = 256;
  static final int MAX_FILTERS = 16;
  /** Query parameters of GET /data that are not field filters. */
  private static final Set<String> PAGE_PARAMS = Set.of("search", "limit", "cursor");

  private final DataStore store;
  private final long uploadLimitBytes;

  DataRoutes(DataStore store, long uploadLimitBytes) {
    this.store = store;
    this.uploadLimitBytes = uploadLimitBytes;
  }

  void mount(Endpoints endpoints) {
    // No body handler: an upload is streamed to a file, however large, not held in memory.
    endpoints.on(HttpMethod.POST, "/data").handler(this::load);
    endpoints.on(HttpMethod.GET, "/data").handler(this::page);
    endpoints.on(HttpMethod.DELETE, "/data").handler(this::clear);
    endpoints.on(HttpMethod.GET, "/data/:id").handler(this::get);
  }

  private void load(RoutingContext ctx) {
    // Everything that can be refused from the headers is refused before a byte is read.
    UploadFormat format = UploadFormat.of(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    LoadOptions options = new LoadOptions(format.format(), format.charset(), idField(ctx), mode(ctx));
    var fs = ctx.vertx().fileSystem();
    Future<LoadReport> loaded = Upload.toTempFile(ctx, uploadLimitBytes).compose(file ->
        store.load(ctx.vertx(), file, options).eventually(() -> fs.delete(file.toString())));
    loaded.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ar.result().applied()) {
        JsonObject report = ar.result().toJson();
        ctx.fail(new Problem(422, "Unprocessable Content", "no record could be read from the upload, so the "
            + "dataset is unchanged; skipped_rows says why", report.put("unchanged", true), null));
      } else {
        Replies.json(ctx, 201, ar.result().toJson().encode());
      }
    });
  }

  private static String idField(RoutingContext ctx) {
    String id = Requests.param(ctx, "id");
    if (id != null && id.length() > LoadOptions.MAX_FIELD_LENGTH) {
      throw Problem.badRequest("query parameter 'id' must name a field of at most " + LoadOptions.MAX_FIELD_LENGTH
          + " characters");
    }
    return id;
  }

  private static LoadOptions.Mode mode(RoutingContext ctx) {
    String mode = Requests.param(ctx, "mode");
    if (mode == null) {
      return LoadOptions.Mode.REPLACE;
    }
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "replace" -> LoadOptions.Mode.REPLACE;
      case "append" -> LoadOptions.Mode.APPEND;
      default -> throw Problem.badRequest("query parameter 'mode' must be 'replace' or 'append'");
    };
  }

  private void page(RoutingContext ctx) {
    int limit = Requests.intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String search = Requests.param(ctx, "search");
    if (search != null && (search.length() > MAX_SEARCH_LENGTH || hasControl(search))) {
      throw Problem.badRequest("query parameter 'search' must be at most " + MAX_SEARCH_LENGTH
          + " characters, none of them control characters");
    }
    int cursor = Requests.intParam(ctx, "cursor", 0, 0, Integer.MAX_VALUE);
    Replies.json(ctx, bounded(store.page(ctx.vertx(), cursor, limit, new DataQuery(search, filters(ctx)))), 200,
        DataRoutes::render);
  }

  /** Every other query parameter is a filter: {@code ?recclass=L6&fall=Fell}. */
  private static Map<String, String> filters(RoutingContext ctx) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : ctx.queryParams().names()) {
      if (PAGE_PARAMS.contains(name)) {
        continue;
      }
      List<String> values = ctx.queryParam(name);
      if (values.size() > 1) {
        throw Problem.badRequest("query parameter '" + Replies.echo(name) + "' is given more than once");
      }
      String value = values.get(0);
      if (name.isEmpty() || name.length() > LoadOptions.MAX_FIELD_LENGTH || hasControl(name)
          || value.length() > MAX_SEARCH_LENGTH || hasControl(value)) {
        throw Problem.badRequest("filter '" + Replies.echo(name) + "': a field name of at most "
            + LoadOptions.MAX_FIELD_LENGTH + " characters and a value of at most " + MAX_SEARCH_LENGTH
            + ", without control characters");
      }
      filters.put(name, value);
    }
    if (filters.size() > MAX_FILTERS) {
      throw Problem.badRequest("at most " + MAX_FILTERS + " field filters");
    }
    return filters;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
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
