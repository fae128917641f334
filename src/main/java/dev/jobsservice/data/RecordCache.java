package dev.jobsservice.data;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy per process of each dataset's records, labelled with the version (see
 * {@code jobs.DataVersion}) that was current before it was read, so every worker of the process
 * serves jobs from it until the version changes. A dataset larger than the budget is not kept:
 * each job reads it, as before.
 */
final class RecordCache {
  /** At most a sixteenth of the heap, in chars of JSON: the search copy may take an eighth too. */
  static final long BUDGET_CHARS = Runtime.getRuntime().maxMemory() / 16;

  private record Copy(String version, List<String> records) {
  }

  private static final Map<String, Copy> COPIES = new ConcurrentHashMap<>();

  private RecordCache() {
  }

  /** The records of {@code dataset} read at or after {@code version}, or null. */
  static List<String> get(String dataset, String version) {
    Copy copy = COPIES.get(dataset);
    return copy != null && copy.version().equals(version) ? copy.records() : null;
  }

  /** Keeps {@code records}, read after {@code version} was seen, if they fit the budget. */
  static void put(String dataset, String version, List<String> records) {
    long chars = 0;
    for (String r : records) {
      chars += r.length();
    }
    if (chars <= BUDGET_CHARS) {
      COPIES.put(dataset, new Copy(version, List.copyOf(records)));
    } else {
      COPIES.remove(dataset);
    }
  }
}
