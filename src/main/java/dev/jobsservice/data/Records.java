package dev.jobsservice.data;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads a dataset upload: a JSON array of objects, or {@code {"data": [...]}}. */
public final class Records {
  private Records() {
  }

  /** The records of a decoded JSON body; IllegalArgumentException says what is wrong and where. */
  public static List<JsonObject> fromJson(Object body) {
    JsonArray array;
    if (body instanceof JsonArray a) {
      array = a;
    } else if (body instanceof JsonObject o && o.getValue("data") instanceof JsonArray a) {
      array = a;
    } else {
      throw new IllegalArgumentException("expected a JSON array of objects, or an object with a \"data\" array");
    }
    List<JsonObject> records = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject record)) {
        throw new IllegalArgumentException("record " + i + " is not a JSON object");
      }
      records.add(record);
    }
    return records;
  }

  /** Does any value of {@code record} contain {@code lowerTerm}, ignoring case? Keys do not count. */
  static boolean matches(JsonObject record, String lowerTerm) {
    for (var entry : record) {
      Object value = entry.getValue();
      if (value != null && String.valueOf(value).toLowerCase(java.util.Locale.ROOT).contains(lowerTerm)) {
        return true;
      }
    }
    return false;
  }
}
