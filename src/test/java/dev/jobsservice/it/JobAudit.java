package dev.jobsservice.it;

import dev.jobsservice.testing.Await;
import dev.jobsservice.testing.RedisCli;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a chaos run, read from Redis: waits until the accepted jobs are finished, then
 * counts what a client would care about. Counts, not assertions, so that the figures are printed
 * before any check fails.
 */
final class JobAudit {
  /**
   * What became of the accepted jobs. {@code lost}: not complete (failed, stuck or gone);
   * {@code writtenTwice}: more than one {@code complete} in the events stream; {@code reran}: run
   * more than once (an execution cut off by a kill or a handback, then run again);
   * {@code attemptsMismatch}: the job's attempts field disagrees with the executions the stream
   * shows; {@code unexplained}: an execution that was followed by another without a recorded
   * cause (each attempt but the last must end with an error in the history: a lapsed lease, a
   * handback, a failure); {@code leftovers}: ids still in the queue, a processing list, the
   * leases or in_progress.
   */
  record Outcome(int accepted, int complete, List<String> lost, List<String> writtenTwice, List<String> reran,
      List<String> attemptsMismatch, List<String> unexplained, List<String> leftovers, EventLog events) {
    Map<String, Object> figures() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("accepted", accepted);
      f.put("completed", complete);
      f.put("lost", lost.size());
      f.put("results_written_twice", writtenTwice.size());
      f.put("executed_again", reran.size());
      return f;
    }
  }

  private final RedisCli redis;
  private final String prefix;

  JobAudit(RedisCli redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** The events stream as it is now. */
  EventLog events() {
    return EventLog.read(redis, prefix);
  }

  private String key(String name) {
    return "{" + prefix + "}:" + name;
  }

  String status(String id) {
    Response r = redis.send(Request.cmd(Command.HGET).arg(key("job:" + id)).arg("status"));
    return r == null ? null : r.toString();
  }

  /** The job's hash, as field → value. */
  Map<String, String> job(String id) {
    Response r = redis.send(Request.cmd(Command.HGETALL).arg(key("job:" + id)));
    Map<String, String> out = new LinkedHashMap<>();
    if (r.isMap()) {
      r.getKeys().forEach(k -> out.put(k, r.get(k).toString()));
    } else {
      for (int i = 0; i + 1 < r.size(); i += 2) {
        out.put(r.get(i).toString(), r.get(i + 1).toString());
      }
    }
    return out;
  }

  JsonArray history(String id) {
    return new JsonArray(fullHistory(job(id)));
  }

  /**
   * The job's attempts as JSON, as the API shows them: the earlier ones (JSON in 'history') and
   * the last, which lives in the hash's own fields (started_at, worker, ended_at, attempt_error).
   */
  static String fullHistory(Map<String, String> job) {
    String earlier = job.get("history");
    JsonArray history = earlier == null || !earlier.startsWith("[") ? new JsonArray() : new JsonArray(earlier);
    if (job.get("started_at") != null) {
      JsonObject last = new JsonObject().put("worker", job.get("worker")).put("started_at", job.get("started_at"));
      if (job.get("ended_at") != null) {
        last.put("finished_at", job.get("ended_at"));
      }
      if (job.get("attempt_error") != null) {
        last.put("error", job.get("attempt_error"));
      }
      history.add(last);
    }
    return history.encode();
  }

  /** Waits up to {@code timeout} for every job in {@code ids} to be complete or failed for good. */
  void awaitFinished(Collection<String> ids, Duration timeout) {
    List<String> open = new ArrayList<>(ids);
    Await.until(timeout, "all " + ids.size() + " accepted jobs to finish", () -> {
      open.removeIf(id -> {
        String s = status(id);
        return "complete".equals(s) || "failed".equals(s);
      });
      return open.isEmpty();
    });
  }

  /** Reads the outcome of {@code ids}; call once they are finished (or the wait gave up). */
  Outcome outcome(Collection<String> ids) {
    EventLog events = events();
    int complete = 0;
    List<String> lost = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    List<String> reran = new ArrayList<>();
    List<String> mismatch = new ArrayList<>();
    List<String> unexplained = new ArrayList<>();
    for (String id : ids) {
      Map<String, String> job = job(id);
      if ("complete".equals(job.get("status"))) {
        complete++;
      } else {
        lost.add(id + " is " + job.get("status") + " " + job.getOrDefault("error", ""));
      }
      long completes = events.count(id, "complete");
      if (completes > 1) {
        twice.add(id + " completed " + completes + " times");
      }
      long executions = events.count(id, "in_progress");
      if (executions > 1) {
        reran.add(id);
      }
      // A clean handback gives the attempt back (attempts - 1); a lapsed lease does not.
      String history = fullHistory(job);
      long handedBack = countErrors(history, "handed back");
      long attempts = Long.parseLong(job.getOrDefault("attempts", "-1"));
      if (events.count(id, "submitted") == 0 || executions - handedBack != attempts) {
        mismatch.add(id + ": attempts " + job.get("attempts") + ", executions " + executions + ", handed back "
            + handedBack + ", events " + events.of(id));
      }
      if (!explained(history, executions)) {
        unexplained.add(id + ": " + executions + " executions, history " + history);
      }
    }
    List<String> leftovers = new ArrayList<>();
    for (String name : new String[] {"queue", "leases", "status:in_progress", "status:submitted", "delayed"}) {
      long n = size(key(name));
      if (n > 0) {
        leftovers.add(name + " holds " + n);
      }
    }
    for (Response k : redis.send(Request.cmd(Command.KEYS).arg(key("processing:*")))) {
      long n = size(k.toString());
      if (n > 0) {
        leftovers.add(k + " holds " + n);
      }
    }
    return new Outcome(ids.size(), complete, lost, twice, reran, mismatch, unexplained, leftovers, events);
  }

  private long size(String key) {
    String type = redis.send(Request.cmd(Command.TYPE).arg(key)).toString();
    return switch (type) {
      case "list" -> redis.send(Request.cmd(Command.LLEN).arg(key)).toLong();
      // Its jobs: members below +inf (the keeper at +inf is not a job; lib/batched.lua).
      case "zset" -> redis.send(Request.cmd(Command.ZCOUNT).arg(key).arg("-inf").arg("(+inf")).toLong();
      default -> 0;
    };
  }

  /**
   * Is every execution in the history (it keeps the last 10), and did each but the last end with
   * a recorded cause (the error that sent the job round again)?
   */
  private static boolean explained(String history, long executions) {
    JsonArray h = history == null || !history.startsWith("[") ? new JsonArray() : new JsonArray(history);
    if (h.size() != Math.min(executions, 10)) {
      return false;
    }
    for (int i = 0; i < h.size() - 1; i++) {
      if (h.getJsonObject(i).getString("error", "").isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static long countErrors(String history, String fragment) {
    if (history == null || !history.startsWith("[")) {
      return 0;
    }
    return new JsonArray(history).stream().filter(o -> o instanceof JsonObject j
        && j.getString("error", "").contains(fragment)).count();
  }

  /** Says why each job that ran more than once did: its attempts, as its history has them. */
  void printReruns(Outcome outcome) {
    for (String id : outcome.reran()) {
      System.out.println("executed again: " + id + " history " + history(id).encode());
    }
  }

  /** One line the reliability script collects: {@code RELIABILITY scenario=... key=value ...}. */
  static void print(String scenario, Map<String, Object> figures) {
    StringBuilder line = new StringBuilder("RELIABILITY scenario=").append(scenario);
    figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
  }
}
