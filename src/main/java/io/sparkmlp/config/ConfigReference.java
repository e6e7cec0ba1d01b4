package io.sparkmlp.config;

/**
 * Prints the train job's config reference as Markdown ({@link TrainKeys#markdown()}), the content
 * of {@code docs/config.md}; a test fails when that file is out of date. Needs no Spark:
 * <pre>
 *   java -cp target/sparkmlp-0.1.0.jar:'target/spark-home/jars/*' io.sparkmlp.config.ConfigReference &gt; docs/config.md
 * </pre>
 */
public final class ConfigReference {
  private ConfigReference() {}

  public static void main(String[] args) {
    System.out.print(TrainKeys.markdown());
  }
}
