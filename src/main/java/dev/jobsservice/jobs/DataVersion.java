package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;

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

  /**
   * Raises the version of {@code dataset} in every queue (each under its prefix, in its own slot:
   * each queue's claim script reads its own copy), one INCR each, in parallel.
   */
  public static Future<Void> bump(Redis redis, List<String> queuePrefixes, String dataset) {
    if (queuePrefixes.size() == 1) {
      return bump(redis, queuePrefixes.get(0), dataset);
    }
    return Future.all(queuePrefixes.stream().map(p -> bump(redis, p, dataset)).toList()).mapEmpty();
  }
}
