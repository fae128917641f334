package dev.jobsservice.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.MapType;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;

/**
 * A JSON array of objects, or an object whose {@code data} member is one, read element by
 * element with Jackson's streaming parser. An element that is not an object is skipped.
 */
final class JsonRecords implements RecordReader {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MapType RECORD = MAPPER.getTypeFactory()
      .constructMapType(LinkedHashMap.class, String.class, Object.class);
  static final String SHAPE = "expected a JSON array of objects, or an object with a \"data\" array";

  private final JsonParser parser;
  private final Skips skips;
  private final boolean wrapped;
  private long index;
  private boolean done;

  JsonRecords(Reader text, Skips skips) throws IOException {
    this.parser = MAPPER.createParser(text);
    this.skips = skips;
    JsonToken first = parser.nextToken();
    if (first == JsonToken.START_ARRAY) {
      wrapped = false;
    } else if (first == JsonToken.START_OBJECT && findData()) {
      wrapped = true;
    } else if (first == null) {
      throw new IllegalArgumentException("the upload is empty; " + SHAPE);
    } else {
      throw new IllegalArgumentException(SHAPE + " (for one object per line, send Content-Type: "
          + "application/x-ndjson)");
    }
  }

  /** Moves to the start of the {@code data} array; false when the object has none. */
  private boolean findData() throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("data".equals(name) && value == JsonToken.START_ARRAY) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  @Override
  public Row next() throws IOException {
    while (!done) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        done = true;
        // After a bare array nothing may follow; the rest of a {"data": ...} wrapper is not ours.
        if (!wrapped && parser.nextToken() != null) {
          throw new IllegalArgumentException("line " + parser.currentTokenLocation().getLineNr()
              + ": unexpected content after the array");
        }
        return null;
      }
      if (token == null) {
        throw new IllegalArgumentException("the upload ends inside the array");
      }
      long line = parser.currentTokenLocation().getLineNr();
      long at = index++;
      if (token == JsonToken.START_OBJECT) {
        return new Row(line, MAPPER.readValue(parser, RECORD));
      }
      parser.skipChildren();
      skips.add(line, "record " + at + " is not a JSON object");
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
