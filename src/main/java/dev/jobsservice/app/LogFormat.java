package dev.jobsservice.app;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Which of logback.xml's appenders writes the log, from {@code LOG_FORMAT}: {@code PLAIN} (text
 * lines, the default) or {@code JSON} (one JSON object per line, for log collectors). Logback asks
 * for it while it configures itself, before the service reads its config; a bad value gets plain
 * logs there and is refused at start-up by {@link AppConfig}.
 */
public final class LogFormat extends PropertyDefinerBase {
  @Override
  public String getPropertyValue() {
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
