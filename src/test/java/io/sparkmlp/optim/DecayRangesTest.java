package io.sparkmlp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecayRangesTest {

  @Test
  void allNoneAndOf() {
    assertArrayEquals(new int[] {0, 5}, DecayRanges.all(5).toPairs());
    assertArrayEquals(new int[0], DecayRanges.none(5).toPairs());
    assertArrayEquals(new int[0], DecayRanges.all(0).toPairs());
    DecayRanges r = DecayRanges.of(10, 0, 6, 8, 9);
    assertEquals(2, r.rangeCount());
    assertEquals(8, r.start(1));
    assertEquals(9, r.end(1));
    assertTrue(r.isDecayed(5));
    assertFalse(r.isDecayed(6));
    assertFalse(r.isDecayed(9));
  }

  @Test
  void adjacentRangesAreMerged() {
    assertEquals(DecayRanges.of(10, 0, 6), DecayRanges.of(10, 0, 3, 3, 6));
  }

  @Test
  void invalidRangesNameThePair() {
    assertMessage("found 5 numbers", () -> DecayRanges.of(10, 0, 1, 2, 3, 4));
    assertMessage("range 1 [2, 5)", () -> DecayRanges.of(10, 0, 3, 2, 5));         // overlap
    assertMessage("range 0 [4, 4)", () -> DecayRanges.of(10, 4, 4));               // empty
    assertMessage("range 0 [0, 11) exceeds numParams = 10", () -> DecayRanges.of(10, 0, 11));
    assertMessage("range 0 [-1, 2) starts below 0", () -> DecayRanges.of(10, -1, 2));
    assertMessage("numParams", () -> DecayRanges.all(-1));
  }

  static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
