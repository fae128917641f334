package dev.jobsservice.api;

import dev.jobsservice.ops.HttpMeters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Mounts routes and remembers which methods each path takes, so a 405 can say which ones are
 * allowed in its {@code Allow} header (RFC 9110 requires it; Vert.x Web does not add it).
 */
final class Endpoints {
  private final Router router;
  private final Map<String, TreeSet<String>> methodsByTemplate = new LinkedHashMap<>();
  private final Map<String, Pattern> patterns = new LinkedHashMap<>();

  Endpoints(Router router) {
    this.router = router;
  }

  /**
   * A route for {@code method} on {@code template}; a GET route answers HEAD too (RFC 9110). Its
   * requests are metered under {@code template}.
   */
  Route on(HttpMethod method, String template) {
    TreeSet<String> methods = methodsByTemplate.computeIfAbsent(template, t -> new TreeSet<>());
    methods.add(method.name());
    patterns.computeIfAbsent(template, t -> Pattern.compile(t.replaceAll(":[a-z]+", "[^/]+")));
    Route route = router.route(template).method(method).handler(HttpMeters.route(template));
    if (method == HttpMethod.GET) {
      methods.add(HttpMethod.HEAD.name());
      route.method(HttpMethod.HEAD);
    }
    return route;
  }

  /** Every route template (as mounted, e.g. {@code /jobs/:id}) with the methods it takes. */
  Map<String, Set<String>> routes() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    methodsByTemplate.forEach((template, methods) -> out.put(template, Set.copyOf(methods)));
    return out;
  }

  /** The methods a path takes, e.g. "GET, POST"; null when no route matches it. */
  String allow(String path) {
    for (var e : patterns.entrySet()) {
      if (e.getValue().matcher(path).matches()) {
        return String.join(", ", methodsByTemplate.get(e.getKey()));
      }
    }
    return null;
  }
}
