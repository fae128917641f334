package dev.jobsservice.it;

import dev.jobsservice.testing.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Clients that POST jobs to the API in a loop, as fast as it answers with a pause between posts,
 * and record every answer: when it was asked and answered, its status (-1: no HTTP answer at
 * all), and the job id of a 2xx.
 */
final class Submitter implements AutoCloseable {
  /** One request: its start and end (epoch ms), its status, the job id when accepted. */
  record Post(long startMs, long endMs, int status, String id, String retryAfter, String body) {
    boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  private final Http http;
  private final IntFunction<String> bodies;
  private final long pauseMs;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger sent = new AtomicInteger();
  private final List<Post> posts = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  /** {@code bodies} gives the n-th job body; {@code clients} threads post, each pausing {@code pauseMs}. */
  Submitter(Http http, int clients, long pauseMs, IntFunction<String> bodies) {
    this.http = http;
    this.bodies = bodies;
    this.pauseMs = pauseMs;
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(this::loop, "submitter-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void loop() {
    while (running.get()) {
      String body = bodies.apply(sent.getAndIncrement());
      long start = System.currentTimeMillis();
      Post post;
      try {
        Http.Reply reply = http.post("/jobs", body, "application/json");
        String id = reply.status() == 201 ? reply.json().getString("id") : null;
        post = new Post(start, System.currentTimeMillis(), reply.status(), id, reply.header("Retry-After"),
            reply.body());
      } catch (RuntimeException e) {
        post = new Post(start, System.currentTimeMillis(), -1, null, null, e.toString());
      }
      synchronized (posts) {
        posts.add(post);
      }
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops posting and waits for the posts under way. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(60_000);
    }
  }

  /** Every post so far, in the order they were answered. */
  List<Post> posts() {
    synchronized (posts) {
      return new ArrayList<>(posts);
    }
  }

  List<String> acceptedIds() {
    return posts().stream().filter(Post::accepted).map(Post::id).toList();
  }

  /** How many posts got each status (-1: no HTTP answer). */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> out = new TreeMap<>();
    posts().forEach(p -> out.merge(p.status(), 1, Integer::sum));
    return out;
  }
}
