package dev.jobsservice.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How to load an upload.
 *
 * @param format null: tell from the first bytes ({@link Sniff}: JSON, NDJSON, TSV or CSV)
 * @param charset of the text; UTF-8 by default
 * @param idField the field that identifies a record; null: {@code id} when a record has one, else
 *     a generated id (stored in {@code id})
 * @param mode {@link Mode#REPLACE} by default
 */
public record LoadOptions(Format format, Charset charset, String idField, Mode mode) {
  /** The longest field name a client may name. */
  public static final int MAX_FIELD_LENGTH = 256;

  /** What a load does to the records already there. */
  public enum Mode {
    /** The upload becomes the dataset, atomically: readers see the old one or the new one. */
    REPLACE,
    /** The upload's records are added; one whose id is already there replaces that record. */
    APPEND
  }

  public LoadOptions {
    charset = charset == null ? StandardCharsets.UTF_8 : charset;
    mode = mode == null ? Mode.REPLACE : mode;
    if (idField != null && (idField.isEmpty() || idField.length() > MAX_FIELD_LENGTH)) {
      throw new IllegalArgumentException("the id field must be a name of 1 to " + MAX_FIELD_LENGTH + " characters");
    }
  }
}
