package io.sparkmlp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time to accuracy that holds: the first check at the target that every later one keeps, for
 * ours ({@link Hold}) and for MLlib's probed checkpoints ({@link MllibRuns#next}). No Spark.
 */
class HoldTest {
  @Test
  void aFirstTouchThatDipsAgainDoesNotCount() {
    double[] acc = {0.90, 0.971, 0.965, 0.972, 0.975, 0.970};
    assertEquals(1, Hold.firstTouch(acc, 0.97));
    assertEquals(3, Hold.firstHeld(acc, 0.97));
  }

  @Test
  void aRunThatEndsBelowTheTargetHoldsNothing() {
    double[] acc = {0.971, 0.975, 0.969};
    assertEquals(0, Hold.firstTouch(acc, 0.97));
    assertEquals(-1, Hold.firstHeld(acc, 0.97));
    assertEquals(-1, Hold.firstHeld(new double[0], 0.97));
  }

  /** The probes walk down from the first to the checkpoint below the first holding one, then past it. */
  @Test
  void mllibProbesWalkDownThenCheckTheHold() {
    BenchSettings s = new BenchSettings();   // first probe 100, every 10, hold 20, target 0.97
    List<MllibRuns.Probe> probes = new ArrayList<>();
    assertEquals(100, MllibRuns.next(probes, s));
    probes.add(probe(100, 0.974));
    assertEquals(90, MllibRuns.next(probes, s));
    probes.add(probe(90, 0.971));
    assertEquals(80, MllibRuns.next(probes, s));
    probes.add(probe(80, 0.966));
    assertEquals(110, MllibRuns.next(probes, s), "held from 90: checked 20 iterations past it");
    probes.add(probe(110, 0.975));
    assertEquals(0, MllibRuns.next(probes, s), "settled: 90 holds through 110");
  }

  /** A checkpoint at the target that a later one falls below is not the answer: the search goes on past the dip. */
  @Test
  void mllibDipAfterTheFirstTouchMovesTheAnswerLater() {
    BenchSettings s = new BenchSettings();
    List<MllibRuns.Probe> probes = new ArrayList<>(List.of(probe(100, 0.971), probe(90, 0.968)));
    assertEquals(120, MllibRuns.next(probes, s));
    probes.add(probe(120, 0.969));
    assertEquals(130, MllibRuns.next(probes, s), "nothing holds: one past the last");
    probes.add(probe(130, 0.972));
    assertEquals(150, MllibRuns.next(probes, s), "130 holds, 120 is below it: check 20 past it");
  }

  private static MllibRuns.Probe probe(int iterations, double accuracy) {
    return new MllibRuns.Probe(iterations, iterations, iterations, accuracy);
  }
}
