package io.sparkmlp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.ValidationCheck;
import org.junit.jupiter.api.Test;

class ValidationTraceTest {
  /** 3 epochs of 25 steps on 100 validation rows, checked at steps 10, 20 and each epoch end. */
  private static ValidationTrace trace(int... correct) {
    ValidationTrace t = new ValidationTrace(100);
    int i = 0;
    for (int epoch = 1; epoch <= 3; epoch++) {
      for (int s : new int[] {10, 20}) {
        t.onValidation(new ValidationCheck(epoch, s, 25, (epoch - 1) * 25L + s, 0.1, correct[i++] / 100.0, Double.NaN));
      }
      t.onEpoch(new EpochRecord(epoch, 25, 0.5 / epoch, 0.9, 0.1, correct[i++] / 100.0, Double.NaN, 1, 1, 1, 1e-3, 0));
    }
    return t;
  }

  @Test
  void aTouchThatDropsBackDoesNotHold() {
    //                               e1: 10 20 25  e2: 35 45 50  e3: 60 70 75
    ValidationTrace t = trace(90, 97, 96, 97, 98, 97, 98, 98, 99);
    assertEquals(20, t.firstTouch(3, 0.97));
    assertEquals(35, t.holdingStep(3, 0.97));
    // the 1-epoch run ends below the target, so nothing holds in it
    assertEquals(-1, t.holdingStep(1, 0.97));
    assertEquals(0.98, t.maxAccuracy(2), 1e-12);
  }

  @Test
  void aShorterRunIsReadOffTheLongerOne() {
    ValidationTrace t = trace(90, 97, 97, 98, 98, 98, 96, 97, 98);
    assertEquals(20, t.holdingStep(2, 0.97)); // the run of 2 epochs never drops again
    assertEquals(70, t.holdingStep(3, 0.97)); // the 3-epoch run dips at step 60
    assertTrue(t.endsAtLeast(2, 0.98));
    assertTrue(t.endsAtLeast(3, 0.98));
    assertFalse(t.endsAtLeast(1, 0.98));
    assertEquals(0.25, t.epochTrainLoss(2), 1e-12);
  }
}
