package dev.jobsservice.data;

/** The formats a dataset upload may come in. */
public enum Format {
  /** A JSON array of objects, or an object whose {@code data} member is one. */
  JSON,
  /** Newline-delimited JSON: one object per line. */
  NDJSON,
  /** Comma-separated values with a header row (RFC 4180 quoting). */
  CSV,
  /** Tab-separated values with a header row. */
  TSV;

  /** The name a load report uses: {@code "csv"}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
