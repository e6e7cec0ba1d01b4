package io.sparkmlp.run;

import io.sparkmlp.data.LabeledFrames;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The train job's features for text (--format text), made by Spark's own stages: RegexTokenizer
 * (lower case, split on {@code \W+}), HashingTF ({@code numFeatures} wide: sparse term counts)
 * and IDF, which ends in {@link LabeledFrames#FEATURES}. Fitted on the rows that train; the saved
 * model puts these stages before the MLP, so it takes raw text. Public for the benchmark job,
 * which hands {@link #fit} to its sparse section.
 */
public final class TextFeatures {
  static final String WORDS = "text_words";
  static final String TERM_COUNTS = "text_tf";

  private TextFeatures() {}

  /** The three stages fitted on {@code train}; its {@code textCol} is a string column. */
  public static PipelineModel fit(Dataset<Row> train, String textCol, int numFeatures) {
    return new Pipeline().setStages(new PipelineStage[] {
        new RegexTokenizer().setInputCol(textCol).setOutputCol(WORDS).setPattern("\\W+"),
        new HashingTF().setInputCol(WORDS).setOutputCol(TERM_COUNTS).setNumFeatures(numFeatures),
        new IDF().setInputCol(TERM_COUNTS).setOutputCol(LabeledFrames.FEATURES)}).fit(train);
  }
}
