package dev.jobsservice.app;

import java.util.Locale;

/**
 * How log lines are written, from {@code LOG_FORMAT}: {@code PLAIN} (text lines, the default) or
 * {@code JSON} (one JSON object per line, for log collectors). {@link LogSetup} asks for it while
 * logback configures itself, before the service reads its config; a bad value gets plain logs there
 * and is refused at start-up by {@link AppConfig}.
 */
final class LogFormat {
  private LogFormat() {
  }

  /** PLAIN or JSON, from the environment. */
  static String current() {
    try {
      return parse(System.getenv("LOG_FORMAT"));
    } catch (IllegalArgumentException e) {
      return "PLAIN";
    }
  }

  /** The appender for {@code value}: PLAIN when unset or blank, else PLAIN or JSON, any case. */
  static String parse(String value) {
    if (value == null || value.isBlank()) {
      return "PLAIN";
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "plain" -> "PLAIN";
      case "json" -> "JSON";
      default -> throw new IllegalArgumentException("LOG_FORMAT must be plain or json, got: " + value);
    };
  }
}
