package dev.jobsservice.analysis;

import dev.jobsservice.jobs.JobRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code sleep}: waits {@code params.ms} milliseconds (default 1000, at most an hour), then
 * completes. For demos and tests; it holds no thread while it waits.
 */
final class SleepAnalysis implements Analysis {
  static final long MAX_MS = 3_600_000;

  @Override
  public void validate(JobRequest request) {
    ms(request);
  }

  @Override
  public Future<JsonObject> run(JobRequest request, AnalysisContext context) {
    long ms = ms(request);
    JsonObject result = new JsonObject().put("slept_ms", ms);
    if (ms == 0) {
      return Future.succeededFuture(result);
    }
    return context.vertx().timer(ms).map(v -> result);
  }

  private static long ms(JobRequest request) {
    Object ms = request.params().getValue("ms", 1000);
    // Compared as a double: longValue() keeps only the low 64 bits of a bigger number (2^64 + 5
    // would sleep 5 ms).
    if (!(ms instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < 0 || n.doubleValue() > MAX_MS) {
      throw new IllegalArgumentException("'params.ms' must be a whole number from 0 to " + MAX_MS);
    }
    return n.longValue();
  }
}
