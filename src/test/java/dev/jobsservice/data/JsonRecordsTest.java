package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON arrays, {"data": [...]} and NDJSON, read record by record. */
class JsonRecordsTest {

  @Test
  void anArrayOrADataMemberNonObjectsSkipped() {
    Readers.Read bare = Readers.read(Format.JSON, "[{\"id\": 1, \"n\": {\"k\": [1, 2]}},\n 5,\n {\"id\": 2}]");
    assertEquals(2, bare.records().size());
    assertEquals(Map.of("k", List.of(1, 2)), bare.records().get(0).get("n"));
    assertEquals(new Skips.Skip(2, "record 1 is not a JSON object"), bare.skips().first().get(0));

    Readers.Read wrapped = Readers.read(Format.JSON, "{\"meta\": {\"x\": [1]}, \"data\": [{\"a\": 1}], \"more\": true}");
    assertEquals(List.of(Map.of("a", 1)), wrapped.records());
  }

  @Test
  void otherShapesAndBrokenJsonAreErrors() {
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> Readers.read(Format.JSON, "{\"id\": 1}"));
    assertTrue(single.getMessage().contains("x-ndjson"), single.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Readers.read(Format.JSON, "[{\"a\": 1}] [2]"));
    assertThrows(IllegalArgumentException.class, () -> Readers.read(Format.JSON, "   "));
    // Broken JSON surfaces as Jackson's exception; the loader turns it into a 400 naming the place.
    assertThrows(Exception.class, () -> Readers.read(Format.JSON, "[{\"a\": 1},\n{\"a\": }]"));
  }

  @Test
  void ndjsonSkipsBadLinesAndKeepsGoing() {
    String ndjson = "{\"id\": 1}\n\n{\"id\": 2\n[1, 2]\n{\"id\": 3} trailing\r\n{\"id\": 4, \"name\": \"Łowicz\"}\r\n";
    Readers.Read read = Readers.read(Format.NDJSON, ndjson);
    assertEquals(List.of(1, 4), read.records().stream().map(r -> r.get("id")).toList());
    assertEquals(List.of(1L, 6L), read.lines());
    assertEquals(3, read.skips().count());
    assertEquals(3, read.skips().first().get(0).line());
    assertTrue(read.skips().first().get(0).reason().startsWith("not valid JSON"));
    assertEquals(new Skips.Skip(4, "not a JSON object"), read.skips().first().get(1));
    assertEquals(5, read.skips().first().get(2).line());
    assertEquals("Łowicz", read.records().get(1).get("name"));
  }

  @Test
  void skipsKeepTheFirstTenAndCountAll() {
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      ndjson.append("nope\n");
    }
    Readers.Read read = Readers.read(Format.NDJSON, ndjson.toString());
    assertEquals(25, read.skips().count());
    assertEquals(Skips.KEPT, read.skips().first().size());
  }
}
