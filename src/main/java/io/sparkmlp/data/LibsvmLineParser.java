package io.sparkmlp.data;

import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.Vectors;

/**
 * Parses the lines of one LIBSVM file: {@code label idx:val idx:val ...}, separated by spaces or
 * tabs, with 1-based, strictly ascending indices (feature {@code idx} is vector position
 * {@code idx − 1}, Spark's convention). As in Spark, a line that is blank or starts with {@code #}
 * after trimming is skipped. The vector of a line has size {@code numFeatures} when it is given,
 * else its own largest index (the reader then resizes all vectors to the largest index of all lines).
 *
 * <p>For data without labels a line may start with its first {@code idx:val}; a leading token
 * without a colon is then a placeholder label and is not read. Every label is NaN.
 */
final class LibsvmLineParser implements RecordParser<String> {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int numFeatures;
  private final boolean labeled;

  /**
   * @param file the file, for messages
   * @param numFeatures the feature count, or 0 to let each vector's size be its largest index
   * @param labeled false for data without labels (see the class javadoc)
   */
  LibsvmLineParser(String file, int numFeatures, boolean labeled) {
    this.file = file;
    this.numFeatures = numFeatures;
    this.labeled = labeled;
  }

  @Override
  public LabeledPoint parse(String raw, long number) {
    String line = raw.trim();
    if (line.isEmpty() || line.startsWith("#")) {
      return null;
    }
    String[] tokens = line.split("[ \t]+");
    // The items start after the label token; unlabeled lines may have none.
    int first = labeled || tokens[0].indexOf(':') < 0 ? 1 : 0;
    double label = labeled ? label(tokens[0], number) : Double.NaN;
    int[] indices = new int[tokens.length - first];
    double[] values = new double[tokens.length - first];
    int previous = 0;
    for (int t = first; t < tokens.length; t++) {
      int item = t - first + 1; // 1-based, for messages
      int idx = index(tokens[t], number, item, previous);
      values[item - 1] = value(tokens[t], number, item, idx);
      indices[item - 1] = idx - 1;
      previous = idx;
    }
    int size = numFeatures > 0 ? numFeatures : previous;
    return new LabeledPoint(label, Vectors.sparse(size, indices, values));
  }

  private double label(String token, long number) {
    double label = Numbers.parseFinite(token);
    if (Double.isNaN(label)) {
      throw DataFormatException.atLine(file, number, "label", "expected a finite number as the label, found "
          + DataFormatException.quote(token));
    }
    return label;
  }

  /** The 1-based index of item {@code t} ({@code idx:val}), checked against the previous one and numFeatures. */
  private int index(String token, long number, int t, int previous) {
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1) {
      throw DataFormatException.atLine(file, number, "item " + t, "expected idx:val, found "
          + DataFormatException.quote(token));
    }
    long idx = Numbers.parseInt(token.substring(0, colon));
    if (idx == Long.MIN_VALUE) {
      throw DataFormatException.atLine(file, number, "item " + t, "expected an integer index before ':', found "
          + DataFormatException.quote(token));
    }
    if (idx < 1) {
      throw DataFormatException.atLine(file, number, "item " + t, "expected a 1-based index (>= 1), found "
          + DataFormatException.quote(token));
    }
    if (idx <= previous) {
      throw DataFormatException.atLine(file, number, "item " + t, "expected indices in strictly ascending order, "
          + "found index " + idx + " after index " + previous);
    }
    if (numFeatures > 0 && idx > numFeatures) {
      throw DataFormatException.atLine(file, number, "item " + t, "expected an index <= numFeatures = " + numFeatures
          + ", found " + idx);
    }
    return (int) idx;
  }

  private double value(String token, long number, int t, int idx) {
    String v = token.substring(token.indexOf(':') + 1);
    double x = Numbers.parseFinite(v);
    if (Double.isNaN(x)) {
      throw DataFormatException.atLine(file, number, "item " + t, "expected a finite value for index " + idx
          + ", found " + DataFormatException.quote(token));
    }
    return x;
  }

  @Override
  public String unit() {
    return "line";
  }

  @Override
  public String file() {
    return file;
  }
}
