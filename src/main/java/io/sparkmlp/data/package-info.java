/**
 * Data set readers: files to a Spark frame {@code (label double, features vector)}.
 *
 * <p>{@link io.sparkmlp.data.DataLoader} is the entry point; {@link io.sparkmlp.data.DataFormat}
 * names and infers the formats (IDX, LIBSVM, CSV, Parquet; labelled text is named, never inferred); {@link io.sparkmlp.data.LabeledFrames}
 * fixes the schema. Features are dense vectors, except LIBSVM (sparse) and Parquet vector columns
 * (as stored). IDX pixels are scaled to [0, 1] as {@code value/255}. Labels are doubles: class ids
 * 0..K−1 or regression targets, as the file holds them.
 *
 * <p>Row order is file order everywhere, because the trainer relies on global row positions.
 * Bad input raises {@link io.sparkmlp.data.DataFormatException} (an {@code IllegalArgumentException})
 * while loading, naming the file, line or row, and column, what was expected and what was found.
 *
 * <p>The IDX part ({@link io.sparkmlp.data.IdxReader}, {@link io.sparkmlp.data.IdxDataset}) is
 * plain Java and needs no Spark.
 */
package io.sparkmlp.data;
