package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * The version of a dataset as workers see it: raised after every change of the dataset, and
 * handed to the worker with each job it claims ({@link JobQueue.Claim#dataVersion()}), so a
 * worker keeps a copy of the dataset and re-reads it only when it changed. A job submitted after
 * a change has been acknowledged always sees the raised version.
 */
public final class DataVersion {
  private DataVersion() {
  }

  /** Raises the version of {@code dataset}: call after the change is in Redis, before answering. */
  public static Future<Void> bump(Redis redis, String prefix, String dataset) {
    return redis.send(Request.cmd(Command.INCR).arg(new Keys(prefix).dataVersion(dataset))).mapEmpty();
  }
}
