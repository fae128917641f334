package dev.jobsservice.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/**
 * Streams a request body into a temporary file, with back-pressure, so an upload of any size
 * costs a buffer of heap, not its size. Larger than the limit: 413 and the connection is closed,
 * so the client stops sending.
 */
final class Upload {
  private Upload() {
  }

  /** The body, in a new temporary file that the caller deletes; fails with a 413 Problem past {@code maxBytes}. */
  static Future<Path> toTempFile(RoutingContext ctx, long maxBytes) {
    HttpServerRequest request = ctx.request();
    // Nothing may be read before the file is open to take it.
    request.pause();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parseLong(declared) > maxBytes) {
      if (request.version() == HttpVersion.HTTP_2) {
        // Discarded, not left paused: a body never read fills the stream's flow-control window
        // and the client, still sending, never takes the 413. (HTTP/1 closes the connection.)
        request.handler(chunk -> { }).resume();
      }
      return Future.failedFuture(tooLarge(ctx, maxBytes));
    }
    FileSystem fs = ctx.vertx().fileSystem();
    return fs.createTempFile("jobs-upload-", ".tmp").compose(name -> {
      Path path = Path.of(name);
      return fs.open(name, new OpenOptions().setWrite(true).setTruncateExisting(true))
          .compose(file -> receive(ctx, request, file, maxBytes).map(path))
          .recover(err -> fs.delete(name).transform(ignored -> Future.failedFuture(err)));
    });
  }

  private static Future<Void> receive(RoutingContext ctx, HttpServerRequest request, AsyncFile file, long maxBytes) {
    Promise<Void> done = Promise.promise();
    long[] received = {0};
    file.exceptionHandler(done::tryFail);
    request.exceptionHandler(done::tryFail);
    request.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] > maxBytes) {
        request.handler(null);
        done.tryFail(tooLarge(ctx, maxBytes));
        return;
      }
      file.write(chunk);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(v -> request.resume());
      }
    });
    request.endHandler(v -> done.tryComplete());
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      // curl asks before sending a body over 1 MB; without an answer it waits a second first.
      ctx.response().writeContinue();
    }
    request.resume();
    // Closing the file flushes the writes still queued before the file is read.
    return done.future().transform(ar -> file.close().transform(closed -> ar.failed()
        ? Future.<Void>failedFuture(ar.cause()) : closed.failed() ? Future.<Void>failedFuture(closed.cause())
        : Future.<Void>succeededFuture()));
  }

  private static Problem tooLarge(RoutingContext ctx, long maxBytes) {
    if (ctx.request().version() != HttpVersion.HTTP_2) {
      // HTTP/1: closing after the answer is the only way to stop the client sending the rest.
      // (HTTP/2 ends just this stream; the connection may carry other requests.)
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      // Not the response's end handler: it has one place, which the router's end handlers hold.
      ctx.addEndHandler(v -> ctx.request().connection().close());
    }
    return new Problem(413, "Content Too Large", "the upload is larger than this service accepts ("
        + maxBytes + " bytes; see http.data_limit_bytes)", null, null);
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
