package dev.jobsservice.api;

import dev.jobsservice.data.Format;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * What a {@code POST /data} Content-Type says about the body: its format (null: tell from the
 * bytes) and charset. Labels that say nothing about the format ({@code curl --data-binary}'s form
 * encoding, text/plain, octet-stream, none) leave it to the bytes; others that are not a dataset
 * format get 415.
 */
record UploadFormat(Format format, Charset charset) {
  static final String SUPPORTED = "application/json, application/x-ndjson, text/csv or text/tab-separated-values";

  static UploadFormat of(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return new UploadFormat(null, null);
    }
    String[] parts = contentType.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    Format format = switch (type) {
      case "application/json" -> Format.JSON;
      case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
          "application/jsonlines" -> Format.NDJSON;
      case "text/csv", "application/csv", "text/x-csv", "text/comma-separated-values" -> Format.CSV;
      case "text/tab-separated-values" -> Format.TSV;
      case "application/x-www-form-urlencoded", "text/plain", "application/octet-stream" -> null;
      default -> {
        if (type.endsWith("+json")) {
          yield Format.JSON;
        }
        if (type.startsWith("multipart/")) {
          throw unsupported("send the file as the request body itself, e.g. curl --data-binary @data.csv "
              + "-H 'Content-Type: text/csv', not as a form upload");
        }
        throw unsupported("Content-Type '" + Replies.echo(type) + "' is not a dataset format; send " + SUPPORTED);
      }
    };
    return new UploadFormat(format, charset(parts));
  }

  private static Charset charset(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).trim().replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw unsupported("charset '" + Replies.echo(name) + "' is not supported");
        }
      }
    }
    return null;
  }

  private static Problem unsupported(String detail) {
    return new Problem(415, "Unsupported Media Type", detail, null, null);
  }
}
