package io.sparkmlp.data;

import java.io.Serializable;

/**
 * How {@link DataLoader} reads a path. All defaults are here: format inferred from the path,
 * label column {@code label}, features column {@code features}, feature count inferred, Spark's
 * default partitioning.
 */
public final class DataOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The Parquet vector column looked for when none is named; without it the numeric columns are the features. */
  public static final String DEFAULT_FEATURES_COL = "features";

  private DataFormat format = null;
  private String labelCol = "label";
  private String featuresCol = DEFAULT_FEATURES_COL;
  private int numFeatures = 0;
  private String textCol = "text";
  private int numPartitions = 0;
  private final java.util.List<ExtraColumn> extraColumns = new java.util.ArrayList<>();
  private final java.util.Set<String> skipped = new java.util.LinkedHashSet<>();

  /** The format, or null to {@link DataFormat#infer} it from the path. */
  public DataFormat format() {
    return format;
  }

  public DataOptions format(DataFormat f) {
    this.format = f;
    return this;
  }

  /** CSV and Parquet: the label column's name (default {@code label}); null after {@link #noLabel}. */
  public String labelCol() {
    return labelCol;
  }

  /**
   * The data has no labels (data to score, not to train or evaluate on); every row's label is
   * NaN. CSV and Parquet: there is no label column, so every column but a Parquet vector column's
   * siblings is a feature. LIBSVM: a line may start with its first {@code idx:val}; a leading
   * label, when there is one, is not read. IDX: only the images file is read.
   */
  public DataOptions noLabel() {
    this.labelCol = null;
    return this;
  }

  /** False after {@link #noLabel}. */
  public boolean labeled() {
    return labelCol != null;
  }

  public DataOptions labelCol(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("label column: expected a non-empty name, found " + DataFormatException.quote(name));
    }
    this.labelCol = name;
    return this;
  }

  /** Parquet: the vector column's name (default {@code features}); when absent, numeric columns are assembled. */
  public String featuresCol() {
    return featuresCol;
  }

  public DataOptions featuresCol(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("features column: expected a non-empty name, found " + DataFormatException.quote(name));
    }
    this.featuresCol = name;
    return this;
  }

  /**
   * LIBSVM: the vector size; 0 (the default) uses the largest index in the files. Set it to the
   * training set's count (see {@link LabeledFrames#numFeatures}) when reading a test set.
   */
  /** TEXT: the column holding the documents. */
  public String textCol() {
    return textCol;
  }

  public DataOptions textCol(String name) {
    textCol = name;
    return this;
  }

  public int numFeatures() {
    return numFeatures;
  }

  public DataOptions numFeatures(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("numFeatures: expected >= 0 (0 = infer), found " + n);
    }
    this.numFeatures = n;
    return this;
  }

  /** The columns carried beside label and features (none by default), in the frame's order. */
  public java.util.List<ExtraColumn> extraColumns() {
    return java.util.List.copyOf(extraColumns);
  }

  /**
   * Carries {@code column} after {@code features} instead of reading it as a feature (CSV, Parquet
   * and text only).
   *
   * @throws IllegalArgumentException when a column of that name is already carried, or it is the label
   */
  public DataOptions extraColumn(ExtraColumn column) {
    for (ExtraColumn c : extraColumns) {
      if (c.name().equals(column.name())) {
        throw new IllegalArgumentException(column.option() + ": column '" + column.name() + "' is already "
            + "named by " + c.option());
      }
    }
    if (column.name().equals(labelCol)) {
      throw new IllegalArgumentException(column.option() + ": column '" + column.name() + "' is the label "
          + "column (--label-col)");
    }
    extraColumns.add(column);
    return this;
  }

  /** The columns that are neither label nor features when the data has them (none by default). */
  public java.util.Set<String> skippedColumns() {
    return java.util.Set.copyOf(skipped);
  }

  /**
   * Reads the column {@code name}, when there is one, as neither label nor feature: e.g. the
   * training data's extra columns in its test data, which may or may not have them. CSV and
   * Parquet (text reads only its label and text columns anyway).
   */
  public DataOptions skipColumn(String name) {
    skipped.add(name);
    return this;
  }

  /** The partition count of the frame; {@code <= 0} (the default) means Spark's default. */
  public int numPartitions() {
    return numPartitions;
  }

  public DataOptions numPartitions(int n) {
    this.numPartitions = n;
    return this;
  }
}
