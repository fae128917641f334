package dev.jobsservice.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The precomputed text, and matching against it as a search does. */
class SearchTextTest {
  private static String text(Object... keyValues) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      record.put((String) keyValues[i], keyValues[i + 1]);
    }
    return SearchText.of(record);
  }

  private static boolean matches(String text, String search, String... filters) {
    List<String[]> f = new java.util.ArrayList<>();
    for (int i = 0; i < filters.length; i += 2) {
      f.add(SearchText.filter(filters[i], filters[i + 1]));
    }
    return SearchIndex.matches(text, search == null ? null : SearchText.term(search), f);
  }

  @Test
  void valuesLowerCasedNumbersCanonicalNullsLeftOut() {
    assertEquals("\u001Fname\u001Ezürich\u001Fyear\u001E1910\u001Fmass\u001E0.5\u001F",
        text("name", "ZÜRICH", "year", 1910.0, "mass", 0.5, "note", null));
  }

  @Test
  void searchMatchesValuesIgnoringCaseNotKeys() {
    String t = text("name", "Big Falls", "Notes", "named after a river", "year", 1999);
    assertTrue(matches(t, "FALLS"));
    assertTrue(matches(t, "named"), "in a value, although also in a key");
    assertTrue(matches(t, "999"));
    assertFalse(matches(text("name", "x"), "name"), "keys do not count");
    assertFalse(matches(text("Notes", "x"), "notes"));
    assertFalse(matches(t, "falls named"), "a term never spans two values");
  }

  @Test
  void filtersAreWholeValuesIgnoringCaseNumbersInAnySpelling() {
    String t = text("class", "L6", "year", 1910, "code", "007", "mass", 2.5);
    assertTrue(matches(t, null, "class", "l6"));
    assertFalse(matches(t, null, "class", "L"), "the whole value");
    assertFalse(matches(t, null, "Class", "L6"), "field names are exact");
    assertTrue(matches(t, null, "year", "1910.0"));
    assertTrue(matches(t, null, "code", "007"), "a code with a leading zero stays text");
    assertTrue(matches(t, null, "mass", "2.50"));
    assertTrue(matches(t, "l6", "year", "1910", "mass", "2.5"));
    assertFalse(matches(t, "l6", "year", "1911"));
  }

  @Test
  void separatorsCanNeverMatch() {
    assertNull(SearchText.term("a\u001Eb"));
    assertNull(SearchText.filter("a", "b\u001Fc"));
    assertArrayEquals(new String[] {"\u001Fa\u001Eb\u001F", ""}, SearchText.filter("a", "B"));
  }
}
