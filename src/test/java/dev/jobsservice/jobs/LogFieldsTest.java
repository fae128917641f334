package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A line about a job reads the same in text, and carries the ids as fields in JSON. */
class LogFieldsTest {
  @Test
  void fieldsAreValuesInTheMessageAndFieldsInJson() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LoggingEvent event = new LoggingEvent("x", context.getLogger("test"), Level.INFO,
        "worker {}: job {} {}", null,
        new Object[] {LogFields.worker("w-0"), LogFields.job("5b0c"), LogFields.status(JobStatus.IN_PROGRESS)});
    assertEquals("worker w-0: job 5b0c in_progress", event.getFormattedMessage());

    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertEquals('\n', line.charAt(line.length() - 1), "one object per line: " + line);
    JsonObject json = new JsonObject(line.trim());
    assertEquals("worker w-0: job 5b0c in_progress", json.getString("message"), line);
    assertEquals("5b0c", json.getString("job_id"), line);
    assertEquals("w-0", json.getString("worker"), line);
    assertEquals("in_progress", json.getString("status"), line);
    assertEquals("INFO", json.getString("level"), line);
  }
}
