package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RangeTest {
  @Test
  void numbersAndNumericStringsCompareAsNumbers() {
    Range r = Range.of("2000", 2010);
    assertTrue(r.contains(2000));
    assertTrue(r.contains("2010"));
    assertTrue(r.contains(2005.5));
    assertFalse(r.contains(1999));
    assertFalse(r.contains("2011"));
    assertFalse(r.contains("not a year"));
    assertFalse(r.contains(null));
    // As text "900" > "2000"; as a number it is outside the range.
    assertFalse(r.contains("900"));
  }

  @Test
  void aNumericRangeOverDatesComparesTheirYears() {
    Range r = Range.of(2000, 2010);
    assertTrue(r.contains("2005-06-30"));
    assertTrue(r.contains("2010-12-31T23:59:59Z"));
    assertFalse(r.contains("1999-12-31"));
    assertFalse(r.contains("2011-01-01"));
    assertFalse(r.contains("2005-x"), "not a date");
  }

  @Test
  void isoDatesCompareAsText() {
    Range r = Range.of("2020-01-01", "2020-12-31");
    assertTrue(r.contains("2020-06-15"));
    assertTrue(r.contains("2020-12-31"));
    assertFalse(r.contains("2021-01-01"));
    assertFalse(r.contains(2020));
  }

  @Test
  void aTextEndHoldsEveryValueThatStartsWithIt() {
    Range days = Range.of("2020-01-01", "2020-12-31");
    assertTrue(days.contains("2020-12-31T23:59:59Z"), "a time on the last day");
    assertFalse(days.contains("2019-12-31T23:59:59Z"));
    Range months = Range.of("2020-01", "2020-06");
    assertTrue(months.contains("2020-06-30"));
    assertTrue(months.contains("2020-01-01"));
    assertFalse(months.contains("2020-07-01"));
  }

  @Test
  void startAfterEndOrMixedKindsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Range.of(2010, 2000));
    assertThrows(IllegalArgumentException.class, () -> Range.of("2020-02-01", "2020-01-01"));
    assertThrows(IllegalArgumentException.class, () -> Range.of(2000, "2020-01-01"));
  }
}
