package dev.jobsservice.app;

import dev.jobsservice.jobs.QueueSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks the named queues ({@code jobs.queues}) and which of them a process serves. */
final class QueueNames {
  private QueueNames() {
  }

  /** "default,reports" → [default, reports]; null or blank → [default]. */
  static List<String> parseList(String name, String text) {
    if (text == null || text.isBlank()) {
      return List.of(QueueSettings.DEFAULT_QUEUE);
    }
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String q = part.trim();
      if (out.contains(q)) {
        throw new IllegalArgumentException(name + " names queue '" + q + "' twice");
      }
      out.add(q);
    }
    return out;
  }

  /** "reports:2,default:4" → {reports=2, default=4}; null when unset (then every queue is served). */
  static Map<String, Integer> parseWeights(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] pair = part.trim().split(":", -1);
      if (pair.length != 2 || !pair[1].trim().matches("\\d{1,4}")) {
        throw new IllegalArgumentException(name + " must look like reports:2,default:4 (queue:workers,...), got: "
            + text);
      }
      String q = pair[0].trim();
      if (out.put(q, Integer.parseInt(pair[1].trim())) != null) {
        throw new IllegalArgumentException(name + " names queue '" + q + "' twice");
      }
    }
    return out;
  }

  static void check(List<String> queues) {
    for (String q : queues) {
      if (!QueueSettings.isValidQueueName(q)) {
        throw new IllegalArgumentException("jobs.queues (JOBS_QUEUES): queue names are 1-32 of [a-z0-9_-], "
            + "starting with a letter or digit; got: '" + q + "'");
      }
    }
    if (!queues.contains(QueueSettings.DEFAULT_QUEUE)) {
      throw new IllegalArgumentException("jobs.queues (JOBS_QUEUES) must include 'default' (the queue of jobs "
          + "that name none), got: " + queues);
    }
  }

  static void checkServed(List<String> queues, Map<String, Integer> served) {
    if (served == null) {
      return;
    }
    int total = 0;
    for (var e : served.entrySet()) {
      if (!queues.contains(e.getKey())) {
        throw new IllegalArgumentException("workers.queues (JOBS_WORKER_QUEUES) names queue '" + e.getKey()
            + "', which is not configured; configured queues (jobs.queues, JOBS_QUEUES): " + queues);
      }
      if (e.getValue() > 1024) {
        throw new IllegalArgumentException("workers.queues (JOBS_WORKER_QUEUES): at most 1024 workers per queue, got "
            + e.getValue() + " for '" + e.getKey() + "'");
      }
      total += e.getValue();
    }
    if (total > 1024) {
      throw new IllegalArgumentException("workers.queues (JOBS_WORKER_QUEUES): at most 1024 workers in all, got "
          + total);
    }
  }
}
