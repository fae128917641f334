package dev.jobsservice.testing;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The events a queue's stream holds, read straight from Redis as the README documents them,
 * independently of the service's reader: an entry holds one or more status changes (fields id,
 * status, id, status, ...), and change {@code i} of entry {@code <ms>-<seq>} has the id
 * {@code <ms>-<seq * 1000 + i>}.
 */
public final class StoredEvents {
  /** One status change: its event id, when Redis wrote it (ms), the job, the new status. */
  public record Event(String eventId, long atMs, String jobId, String status) {
  }

  private StoredEvents() {
  }

  /** Every event of queue {@code prefix}'s stream, in order. */
  public static List<Event> all(RedisCli redis, String prefix) {
    return read(redis::send, prefix);
  }

  /** The same, through any way of sending a command. */
  public static List<Event> read(Function<Request, Response> redis, String prefix) {
    List<Event> out = new ArrayList<>();
    String from = "-";
    while (true) {
      Response page = redis.apply(Request.cmd(Command.XRANGE).arg("{" + prefix + "}:events").arg(from).arg("+")
          .arg("COUNT").arg(5000));
      for (Response entry : page) {
        String entryId = entry.get(0).toString();
        int dash = entryId.indexOf('-');
        long ms = Long.parseLong(entryId.substring(0, dash));
        long seq = Long.parseLong(entryId.substring(dash + 1));
        Response values = entry.get(1);
        String jobId = null;
        String status = null;
        int index = 0;
        for (int i = 0; i + 1 < values.size(); i += 2) {
          String field = values.get(i).toString();
          String value = values.get(i + 1).toString();
          if (field.equals("id")) {
            if (jobId != null) {
              out.add(new Event(ms + "-" + (seq * 1000 + index++), ms, jobId, status));
              status = null;
            }
            jobId = value;
          } else if (field.equals("status")) {
            status = value;
          }
        }
        out.add(new Event(ms + "-" + (seq * 1000 + index), ms, jobId, status));
      }
      if (page.size() < 5000) {
        return out;
      }
      from = "(" + page.get(page.size() - 1).get(0).toString();
    }
  }
}
