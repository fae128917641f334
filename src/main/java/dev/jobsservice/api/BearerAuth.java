package dev.jobsservice.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Requires {@code Authorization: Bearer <token>} on requests that change something (or on all,
 * when {@code all}), with 401 otherwise. Health probes and the metrics are never guarded: an
 * orchestrator or a scraper has no token, and they show no job's data; nor are the dashboard's page
 * and files, which carry no data. The comparison takes the same time whatever the token sent, so
 * timing reveals nothing.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private final byte[] expected;
  private final boolean all;

  BearerAuth(String token, boolean all) {
    this.expected = digest(token);
    this.all = all;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    String path = ctx.request().path();
    if ((!all && reads) || path.startsWith("/health/") || path.equals("/metrics") || (reads && isPublicPage(ctx))
        || authorized(ctx)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"jobs-service\"");
    Failures.write(ctx, new Problem(401, "Unauthorized",
        "this request needs the header Authorization: Bearer <token>, with the service's API token", null, null));
  }

  /**
   * The dashboard's files, the service's description and the API document: a browser opening the
   * page cannot send a token yet (the page asks for one and sends it on its API calls).
   */
  private static boolean isPublicPage(RoutingContext ctx) {
    String path = ctx.request().path();
    return path.equals("/") || path.startsWith(DashboardRoutes.UI + "/") || path.startsWith("/openapi.");
  }

  private boolean authorized(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // Digests have one length, so isEqual (constant-time) does not even reveal the token's length.
    return MessageDigest.isEqual(expected, digest(header.substring(7).trim()));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
