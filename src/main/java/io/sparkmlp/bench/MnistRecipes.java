package io.sparkmlp.bench;

import java.util.List;

/**
 * The MNIST recipe chosen for each batch size by {@link RecipeSweep}, on the validation hold-out
 * only (5% of the training rows, seed 42; the test set was never read): see docs/performance.md,
 * "Choosing the recipe per batch size (validation split only)", for the whole sweep and the rule.
 * For a benchmark that measures time to accuracy per batch size; {@code conf/mnist.conf} holds
 * the fastest of these by the cost model.
 */
public final class MnistRecipes {
  private MnistRecipes() {}

  /**
   * One batch size's choice and what it measured on the validation hold-out.
   *
   * @param stepsTo97 the steps to 97% validation accuracy that holds (checks every 10 steps and at
   *     epoch ends)
   * @param finalValidation the validation accuracy at the end of the recipe's last epoch
   * @param meets98 whether it ends at &gt;= 98% validation accuracy; false where no recipe of the
   *     sweep did, and this is the nearest (see the docs)
   */
  public record Chosen(Recipe recipe, long stepsTo97, double finalValidation, boolean meets98) {}

  /** By batch size, ascending. */
  public static final List<Chosen> CHOSEN = List.of(
      new Chosen(Recipe.parse("512:0.021:60:168:0.5:5"), 240, 0.9823, true),
      new Chosen(Recipe.parse("1024:0.032:40:70:0.5:6"), 130, 0.9827, true),
      new Chosen(Recipe.parse("2048:0.045:30:56:0.6:10"), 84, 0.9787, false),
      new Chosen(Recipe.parse("4096:0.05:20:84:0.7:10"), 100, 0.9737, false));

  /** The choice for batch size {@code b}. */
  public static Chosen forBatch(int b) {
    return CHOSEN.stream().filter(c -> c.recipe().batch() == b).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no MNIST recipe was chosen for batch size " + b + "; there are "
            + CHOSEN.stream().map(c -> Integer.toString(c.recipe().batch())).toList()));
  }
}
