package dev.jobsservice.data;

/**
 * Redis keys of one dataset. They share the hash tag {@code {prefix:data:name}}, so a dataset's
 * keys live in one cluster slot, can be swapped in one transaction and read by one script.
 */
final class DataKeys {
  private final String tag;

  DataKeys(String prefix, String dataset) {
    if (prefix == null || !prefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new IllegalArgumentException("key prefix must be 1-64 of [A-Za-z0-9_.:-], got: " + prefix);
    }
    this.tag = "{" + prefix + ":data:" + dataset + "}:";
  }

  /** Hash: record id → the record's JSON. */
  String records() {
    return tag + "records";
  }

  /** Hash: record id → its search text ({@link SearchText}), what searches and filters read. */
  String text() {
    return tag + "text";
  }

  /** Sorted set: record id by load sequence, for stable paging; appends add at the end. */
  String order() {
    return tag + "order";
  }

  /**
   * Counter: raised by every change of the dataset (load, append, clear), so a process that keeps
   * a copy of the search texts ({@link SearchIndex}) knows when it is stale.
   */
  String version() {
    return tag + "version";
  }

  /** The list of ids that versions before the sorted set kept; only ever deleted. */
  String legacyIds() {
    return tag + "ids";
  }

  /** Where a load writes before it is swapped or merged in, so a failed load changes nothing. */
  String staging(String token, String what) {
    return tag + "staging:" + token + ":" + what;
  }
}
