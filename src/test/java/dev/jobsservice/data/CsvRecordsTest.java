package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  @Test
  void quotedFieldsWithCommasQuotesAndNewlinesCrlfBomAndUtf8() {
    String csv = "\uFEFFid,name,note,mass\r\n"
        + "1,\"Aachen, DE\",\"said \"\"hello\"\"\",21\r\n"
        + "2,Zürich,\"two\r\nlines\",\r\n"
        + "3,Кунашак,,0.5\r\n";
    Readers.Read read = Readers.read(Format.CSV, csv);
    assertEquals(3, read.records().size());
    Map<String, Object> first = read.records().get(0);
    assertEquals(List.of("id", "name", "note", "mass"), List.copyOf(first.keySet()), "the BOM is not in the name");
    assertEquals("Aachen, DE", first.get("name"));
    assertEquals("said \"hello\"", first.get("note"));
    assertEquals(21L, first.get("mass"));
    assertEquals("two\r\nlines", read.records().get(1).get("note"));
    assertNull(read.records().get(1).get("mass"), "an empty cell is null");
    assertTrue(read.records().get(1).containsKey("mass"));
    assertEquals("Кунашак", read.records().get(2).get("name"));
    assertEquals(0.5, read.records().get(2).get("mass"));
    assertEquals(List.of(2L, 3L, 5L), read.lines(), "a row's line is where it starts");
  }

  @Test
  void numbersStayNumbersButCodesStayText() {
    Readers.Read read = Readers.read(Format.CSV, "a,b,c,d,e,f,g\n-12,1.50,1e3,007,12345678901234567890,NaN, 42 \n");
    Map<String, Object> r = read.records().get(0);
    assertEquals(-12L, r.get("a"));
    assertEquals(1.5, r.get("b"));
    assertEquals(1000.0, r.get("c"));
    assertEquals("007", r.get("d"), "a leading zero is a code, not a number");
    assertEquals("12345678901234567890", r.get("e"), "too long for a long: kept exactly");
    assertEquals("NaN", r.get("f"));
    assertEquals(42L, r.get("g"));
  }

  @Test
  void raggedRowsAreSkippedWithTheirLineNumbers() {
    String csv = "id,name,year\n1,a,2000\n2,b\n3,c,2001,extra\n\n4,d,2002\n";
    Readers.Read read = Readers.read(Format.CSV, csv);
    assertEquals(2, read.records().size());
    assertEquals(2, read.skips().count());
    assertEquals(new Skips.Skip(3, "the row has 2 fields; the header has 3"), read.skips().first().get(0));
    assertEquals(new Skips.Skip(4, "the row has 4 fields; the header has 3"), read.skips().first().get(1));
    assertEquals(List.of(2L, 6L), read.lines(), "the blank line is passed over");
  }

  @Test
  void headerNamesAreTrimmedAnEmptyOneIsNamedAndARepeatedOneRefused() {
    Readers.Read read = Readers.read(Format.CSV, ",name , year\n0,a,1\n");
    assertEquals(List.of("column_1", "name", "year"), List.copyOf(read.records().get(0).keySet()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Readers.read(Format.CSV, "a,b,a\n1,2,3\n"));
    assertTrue(e.getMessage().contains("'a' twice"), e.getMessage());
  }

  @Test
  void aQuoteNeverClosedIsAnErrorNamingTheLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Readers.read(Format.CSV, "id,note\n1,ok\n2,fine\n3,\"never closed\n4,x\n"));
    assertTrue(e.getMessage().startsWith("line 4: "), e.getMessage());
  }

  @Test
  void headerOnlyOrEmptyIsNoRecords() {
    assertEquals(0, Readers.read(Format.CSV, "id,name\r\n").records().size());
    assertEquals(0, Readers.read(Format.CSV, "").records().size());
  }

  @Test
  void tabSeparated() {
    Readers.Read read = Readers.read(Format.TSV, "id\tname\n1\tA, B\n");
    assertEquals("A, B", read.records().get(0).get("name"));
  }

  @Test
  void textNotInItsCharsetIsRefusedNotGarbled() {
    byte[] latin1 = "id,name\n1,Zürich\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(java.nio.charset.CharacterCodingException.class, () -> {
      try {
        Readers.read(Format.CSV, latin1, StandardCharsets.UTF_8);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    });
    assertEquals("Zürich", Readers.read(Format.CSV, latin1, StandardCharsets.ISO_8859_1).records().get(0).get("name"));
  }
}
