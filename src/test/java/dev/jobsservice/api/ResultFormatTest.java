package dev.jobsservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResultFormatTest {
  @Test
  void jsonUnlessPngIsPreferred() {
    assertFalse(ResultFormat.wantsPng(null, null));
    assertFalse(ResultFormat.wantsPng("*/*", null), "curl");
    assertFalse(ResultFormat.wantsPng("application/json", null));
    assertTrue(ResultFormat.wantsPng("image/png", null));
    assertTrue(ResultFormat.wantsPng("image/avif,image/webp,image/apng,image/*,*/*;q=0.8", null), "an <img> tag");
    assertFalse(ResultFormat.wantsPng("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null),
        "a browser tab");
    assertTrue(ResultFormat.wantsPng("image/png, */*", null), "named beats a wildcard at the same q");
    assertFalse(ResultFormat.wantsPng("image/png;q=0.5, application/json", null));
    assertFalse(ResultFormat.wantsPng("image/png;q=0", null));
    assertFalse(ResultFormat.wantsPng("image/png, application/json", null), "a tie goes to JSON");
  }

  @Test
  void theFormatParameterWins() {
    assertTrue(ResultFormat.wantsPng("application/json", "png"));
    assertFalse(ResultFormat.wantsPng("image/png", "JSON"));
    Problem bad = assertThrows(Problem.class, () -> ResultFormat.wantsPng(null, "svg"));
    assertEquals(400, bad.status());
  }
}
