package dev.jobsservice.data;

/**
 * Redis keys of one dataset. They share the hash tag {@code {prefix:data:name}}, so a dataset's
 * keys live in one cluster slot and can be swapped in one transaction.
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

  /** List: record ids in the order they were loaded, for stable paging. */
  String ids() {
    return tag + "ids";
  }

  /** Where a load writes before it is swapped in, so readers never see half a dataset. */
  String staging(String token, String what) {
    return tag + "staging:" + token + ":" + what;
  }
}
