package dev.jobsservice.worker;

import dev.jobsservice.analysis.Analyses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Several workers on one event loop, sending their commands through one Redis client, so that the
 * results they store in one turn go to Redis as one call (group commit, see JobQueue#complete):
 * one round trip and one script call for several jobs, where each worker verticle on a loop of
 * its own made one each. Everything else stays each worker's own: its worker id, its blocking
 * connection, its loop, its lease and fencing.
 */
public final class WorkerGroup extends VerticleBase {
  private final List<WorkerSettings> settings;
  private final Analyses analyses;
  private final RedisOptions sharedClient;
  private final List<WorkerVerticle> workers = new ArrayList<>();
  private Redis commands;

  /** Workers with {@code settings}, one each; {@code sharedClient}: the options of their common client. */
  public WorkerGroup(List<WorkerSettings> settings, Analyses analyses, RedisOptions sharedClient) {
    this.settings = List.copyOf(settings);
    this.analyses = analyses;
    this.sharedClient = sharedClient;
  }

  @Override
  public Future<?> start() throws Exception {
    commands = Redis.createClient(vertx, sharedClient);
    List<Future<?>> started = new ArrayList<>();
    for (WorkerSettings worker : settings) {
      WorkerVerticle verticle = new WorkerVerticle(worker, analyses, commands);
      workers.add(verticle);
      started.add(verticle.deploy(context));
    }
    return Future.all(started);
  }

  /** Stops every worker (each finishes or hands back its job), then closes the common client. */
  @Override
  public Future<?> stop() throws Exception {
    List<Future<?>> stopped = new ArrayList<>();
    for (WorkerVerticle verticle : workers) {
      stopped.add(verticle.undeploy(context));
    }
    return Future.join(stopped).eventually(() -> commands.close());
  }
}
