package dev.jobsservice.jobs;

import net.logstash.logback.argument.StructuredArguments;

/**
 * Arguments for log lines about jobs that stay plain in text logs and become fields of their own
 * in JSON logs ({@code LOG_FORMAT=json}), so a log store can find every line of one job:
 * {@code log.info("worker {}: job {} complete", LogFields.worker(w), LogFields.job(id))} reads
 * "worker w-0: job 5b0c… complete" in text, and adds {@code "worker":"w-0","job_id":"5b0c…"} in
 * JSON. Unlike the MDC, they need no thread-local state, which Vert.x callbacks do not carry.
 */
public final class LogFields {
  private LogFields() {
  }

  /** The job id, as field {@code job_id}. */
  public static Object job(String id) {
    return StructuredArguments.value("job_id", id);
  }

  /** The worker id, as field {@code worker}. */
  public static Object worker(String id) {
    return StructuredArguments.value("worker", id);
  }

  /** The job's status, as field {@code status} (its wire name, e.g. in_progress). */
  public static Object status(JobStatus status) {
    return StructuredArguments.value("status", status.wireName());
  }
}
