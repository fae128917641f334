package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.data.Surrogates;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

/** Unpaired surrogates are found in values and keys at any depth; pairs (emoji) are text. */
class LoneSurrogatesTest {
  @Test
  void lonePairsAreFoundAnywhere() {
    for (String json : new String[] {"\"\\ud800\"", "\"a\\udfffb\"", "\"\\udc00\\ud800\"", "{\"k\":\"x\\ud800\"}",
        "{\"\\udbff\":1}", "[1,[2,{\"a\":[\"\\ud83d\"]}]]", "\"\\ud83d\\ud83d\""}) {
      assertTrue(Surrogates.loneIn(Json.decodeValue(json)), json);
    }
  }

  @Test
  void pairsAndOtherTextAreFine() {
    for (String json : new String[] {"\"\\ud83d\\ude00\"", "\"😀 שלום\"", "{\"😀\":[\"\\u0000\",1.5,null,true]}",
        "\"\"", "42"}) {
      assertFalse(Surrogates.loneIn(Json.decodeValue(json)), json);
    }
  }

  /** CESU-8 (ED A0 80) is not UTF-8, yet the parser decodes it to a lone surrogate. */
  @Test
  void cesuBytesAreFound() {
    byte[] cesu = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
    assertTrue(Surrogates.loneIn(Json.decodeValue(Buffer.buffer(cesu))));
  }
}
