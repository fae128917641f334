package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SniffTest {
  private static Format sniff(String text) throws IOException {
    Path file = Readers.write(text.getBytes(StandardCharsets.UTF_8));
    try {
      return Sniff.format(file, StandardCharsets.UTF_8);
    } finally {
      file.toFile().delete();
    }
  }

  @Test
  void tellsFormatsApart() throws IOException {
    assertEquals(Format.JSON, sniff("  [{\"a\": 1}]"));
    assertEquals(Format.JSON, sniff("{\"data\": [{\"a\": 1}]}\n"));
    assertEquals(Format.JSON, sniff("{\n  \"data\": [\n    {\"a\": 1}\n  ]\n}\n"));
    assertEquals(Format.NDJSON, sniff("{\"a\": 1}\n{\"a\": 2}\n"));
    assertEquals(Format.CSV, sniff("\uFEFFid,name\n1,x\n"));
    assertEquals(Format.CSV, sniff("name\n{not json}\n"));
    assertEquals(Format.TSV, sniff("id\tname\n1\tA, B\n"));
    assertEquals(Format.CSV, sniff("id,name\tx\n1,a\n"));
    assertThrows(IllegalArgumentException.class, () -> sniff(" \n "));
  }
}
