package io.sparkmlp.bench;

/**
 * Time to accuracy that holds: in one run's checks, in order, the first at or above the target
 * after which every later check stays at or above it (not the first to touch it).
 */
final class Hold {
  private Hold() {}

  /** The index of that check in {@code accuracies} (in run order), or -1 when the last is below. */
  static int firstHeld(double[] accuracies, double target) {
    int held = -1;
    for (int i = accuracies.length - 1; i >= 0 && accuracies[i] >= target; i--) {
      held = i;
    }
    return held;
  }

  /** The index of the first check at or above the target, or -1. */
  static int firstTouch(double[] accuracies, double target) {
    for (int i = 0; i < accuracies.length; i++) {
      if (accuracies[i] >= target) {
        return i;
      }
    }
    return -1;
  }
}
