package dev.jobsservice.bench;

import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobOptions;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStatus;
import io.vertx.core.json.JsonObject;

/**
 * A job's JSON, encoded as a submit answers it: {@code Job.encode()} against the JsonObject
 * route ({@code toJson().encode()}), alternated in one JVM, nanoseconds per job. Run by
 * bench/encode.sh, not by the tests.
 */
public final class EncodeBench {
  private EncodeBench() {
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    JobRequest request = new JobRequest("summary", "2000", "2010", new JsonObject());
    Job job = new Job("3d5c5c41-1114-4d91-aeef-c6b8c27332d1", request, new JobOptions(3, 300_000),
        JobStatus.SUBMITTED, "2026-11-29T07:19:08.468Z", null, null, 0, null, null, null, null, null, "default");
    long sink = 0;
    for (int round = 1; round <= 6; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += job.toJson().encode().length();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += job.encode().length();
      }
      long t2 = System.nanoTime();
      // Rounds 1-2 warm the JIT; compare the later ones.
      System.out.printf("ENCODE round=%d json_object_ns=%.0f encode_ns=%.0f%n", round, (t1 - t0) / (double) n,
          (t2 - t1) / (double) n);
    }
    if (sink == 42) {
      System.out.println(sink);
    }
  }
}
