package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.jobs.Job;
import dev.jobsservice.jobs.JobEvent;
import dev.jobsservice.jobs.JobEvents;
import dev.jobsservice.jobs.JobRequest;
import dev.jobsservice.jobs.JobStore;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The race ?wait= must not lose: the job finishes after the waiter's read and before that read's
 * answer arrives. The read here is made to do exactly that: it reads the job (submitted), makes
 * it complete, waits until the follower has delivered the event, and only then answers with the
 * stale state. A waiter that subscribed after reading would miss the event and sit out its
 * 20 s; one that subscribed first answers at once.
 */
class JobWaitRaceTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aJobFinishingBetweenSubscribeAndReadIsNotMissed() throws Exception {
    String prefix = TestRedis.prefix();
    RaceVerticle verticle = new RaceVerticle(prefix);
    vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
    Http http = new Http("http://127.0.0.1:" + verticle.server.actualPort());
    String id = verticle.submitted.future().await(10, TimeUnit.SECONDS);

    long started = System.nanoTime();
    Http.Reply reply = http.get("/jobs/" + id + "?wait=20");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertEquals(200, reply.status(), reply.body());
    assertEquals("complete", reply.json().getString("status"));
    assertTrue(verticle.staleReads > 0, "the stale read ran");
    assertTrue(tookMs < 10_000, "answered after " + tookMs + " ms: the event was missed");
  }

  /** JobWait in front of a plain GET, with a read that loses the race on purpose. */
  private static final class RaceVerticle extends VerticleBase {
    private final String prefix;
    private final Promise<String> submitted = Promise.promise();
    private HttpServer server;
    private int staleReads;

    RaceVerticle(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Future<?> start() {
      Redis redis = Redis.createClient(vertx, TestRedis.url());
      JobStore store = JobStore.create(redis, prefix);
      JobEvents events = JobEvents.create(vertx, new RedisOptions().setConnectionString(TestRedis.url()), redis,
          prefix);
      EventHub hub = new EventHub(vertx, List.of(events));
      Function<String, Future<Job>> staleRead = id -> store.get(id).compose(before -> {
        staleReads++;
        Promise<Void> delivered = Promise.promise();
        EventHub.Watch[] probe = new EventHub.Watch[1];
        probe[0] = hub.watch(id, new EventHub.Subscriber() {
          @Override
          public void onEvent(JobEvent event) {
            if (event.isTerminal()) {
              probe[0].cancel();
              delivered.tryComplete();
            }
          }

          @Override
          public void onResync() {
          }
        });
        return complete(redis, id).compose(v -> delivered.future()).map(v -> before);
      });
      Router router = Router.router(vertx);
      Endpoints endpoints = new Endpoints(router);
      new JobWait(staleRead, hub, 60).mount(endpoints);
      endpoints.on(io.vertx.core.http.HttpMethod.GET, "/jobs/:id").handler(ctx ->
          store.get(ctx.pathParam("id")).onSuccess(job -> ctx.json(job.toJson())).onFailure(ctx::fail));
      return store.submit(new JobRequest("sleep", 0, 0, new JsonObject()))
          .compose(job -> {
            submitted.complete(job.id());
            return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
          })
          .onSuccess(s -> server = s);
    }

    /** What a worker's complete script does, as far as a waiter can see: the status and its event. */
    private Future<Void> complete(Redis redis, String id) {
      String tag = "{" + prefix + "}:";
      return redis.batch(List.of(
          Request.cmd(Command.HSET).arg(tag + "job:" + id).arg("status").arg("complete"),
          Request.cmd(Command.XADD).arg(tag + "events").arg("*").arg("id").arg(id).arg("status").arg("complete")))
          .mapEmpty();
    }
  }
}
