package io.sparkmlp.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Turns the records of one or more files into the {@code (label, features)} frame (then any
 * {@link ExtraColumn}s), in file order,
 * with the exact line (or row) number of the first bad record in the error.
 *
 * <p>How: the files' RDDs are concatenated (file i's partitions come before file i+1's). A first
 * pass ({@link #scan}) parses every record with its number within its partition, and returns per
 * partition the record count, the row count, the feature count and the first error. The driver
 * turns those counts into each partition's line offset within its file, so it can report the
 * first error with its real line number, and so the returned frame, which parses again lazily,
 * knows every record's real number. Errors caught in the scan are data, not task failures: the
 * caller sees a {@link DataFormatException}, never a Spark job failure.
 *
 * <p>The returned frame is not cached; a caller that reads it more than once should cache it.
 */
final class RecordTable {
  /** How the feature count of the frame is found. */
  enum Width {
    /** Every record has the same vector size; it is the feature count. */
    SAME,
    /** The feature count is the largest vector size; smaller sparse vectors are widened to it. */
    MAX
  }

  /** The records of one file, and the parser for them. */
  record Source<T>(JavaRDD<T> records, RecordParser<T> parser) {}

  /** What the scan found in one partition; record numbers are 1-based within the partition. */
  static final class PartitionScan implements Serializable {
    private static final long serialVersionUID = 1L;
    long records;
    long rows;
    int width = -1;
    long widthRecord;
    long mismatchRecord;
    int mismatchWidth;
    DataFormatException error;
  }

  private RecordTable() {}

  /**
   * The frame of all records of {@code sources}, in order, with exactly {@code numPartitions}
   * partitions ({@code <= 0}: as many as the sources have).
   *
   * @throws DataFormatException for the first bad record in file order, for vectors of different
   *     sizes under {@link Width#SAME}, or when there is no data row at all
   */
  static <T> Dataset<Row> build(SparkSession spark, List<Source<T>> sources, Width width, int numPartitions) {
    return build(spark, sources, width, numPartitions, List.of());
  }

  /**
   * As {@link #build(SparkSession, List, Width, int)}, with the parsers' {@code extras} columns
   * after {@code features} (each parser was made with these); their values are checked in the scan.
   */
  static <T> Dataset<Row> build(SparkSession spark, List<Source<T>> sources, Width width, int numPartitions,
      List<ExtraColumn> extras) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Layout<T> layout = new Layout<>(sources);
    JavaRDD<T> all = layout.union(jsc);
    boolean withExtras = !extras.isEmpty();
    List<PartitionScan> scans = readOrExplain(layout, () -> all.mapPartitionsWithIndex(
        (p, it) -> List.of(scan(layout.parser(p), layout.header(p), width, withExtras, it)).iterator(), true)
        .collect());
    long[] offsets = layout.offsets(scans);
    firstError(layout, scans, offsets);
    int numFeatures = numFeatures(layout, scans, offsets, width);
    long[] rowCounts = scans.stream().mapToLong(s -> s.rows).toArray();
    JavaRDD<Row> rows = all.mapPartitionsWithIndex(
        (p, it) -> rows(layout.parser(p), layout.header(p), offsets[p], numFeatures, it), true);
    rows = OrderedPartitions.exactly(rows, rowCounts, numPartitions);
    return spark.createDataFrame(rows, LabeledFrames.schema(numFeatures, extras));
  }

  static <T> PartitionScan scan(RecordParser<T> parser, int header, Width width, Iterator<T> it) {
    return scan(parser, header, width, false, it);
  }

  /** One pass over a partition; with {@code extras}, each point's extra values are parsed (checked) too. */
  static <T> PartitionScan scan(RecordParser<T> parser, int header, Width width, boolean extras, Iterator<T> it) {
    PartitionScan s = new PartitionScan();
    while (it.hasNext()) {
      T record = it.next();
      s.records++;
      if (s.records <= header) {
        continue;
      }
      LabeledPoint lp;
      try {
        lp = parser.parse(record, s.records);
        if (extras && lp != null) {
          parser.extras(record, s.records);
        }
      } catch (DataFormatException e) {
        s.error = e;
        return s;
      }
      if (lp == null) {
        continue;
      }
      s.rows++;
      int size = lp.features().size();
      if (s.width < 0 || (width == Width.MAX && size > s.width)) {
        s.width = size;
        s.widthRecord = s.records;
      } else if (width == Width.SAME && size != s.width) {
        s.mismatchRecord = s.records;
        s.mismatchWidth = size;
        return s;
      }
    }
    return s;
  }

  private static <T> Iterator<Row> rows(RecordParser<T> parser, int header, long offset, int numFeatures,
      Iterator<T> it) {
    return new Iterator<>() {
      private long local;
      private Row next;

      @Override
      public boolean hasNext() {
        while (next == null && it.hasNext()) {
          T record = it.next();
          local++;
          if (local > header) {
            LabeledPoint lp = parser.parse(record, offset + local);
            next = lp == null ? null : LabeledFrames.row(lp.label(), widen(lp.features(), numFeatures),
                parser.extras(record, offset + local));
          }
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }
    };
  }

  private static Vector widen(Vector v, int numFeatures) {
    if (v.size() == numFeatures) {
      return v;
    }
    SparseVector s = (SparseVector) v;
    return Vectors.sparse(numFeatures, s.indices(), s.values());
  }

  /** Throws the first error, or the first vector size that differs within a partition, renumbered within its file. */
  private static <T> void firstError(Layout<T> layout, List<PartitionScan> scans, long[] offsets) {
    for (int p = 0; p < scans.size(); p++) {
      PartitionScan s = scans.get(p);
      if (s.error != null) {
        throw s.error.atRecord(offsets[p] + s.error.record());
      }
      if (s.mismatchRecord > 0) {
        throw sizeMismatch(layout.parser(p), offsets[p] + s.mismatchRecord, s.mismatchWidth,
            layout.parser(p), offsets[p] + s.widthRecord, s.width);
      }
    }
  }

  private static DataFormatException sizeMismatch(RecordParser<?> at, long atRecord, int found,
      RecordParser<?> ref, long refRecord, int expected) {
    String where = (ref.file().equals(at.file()) ? "" : ref.file() + ", ") + ref.unit() + " " + refRecord;
    return new DataFormatException(at.file(), at.unit(), atRecord, null, "expected a vector of size " + expected
        + " as on " + where + ", found size " + found);
  }

  private static <T> int numFeatures(Layout<T> layout, List<PartitionScan> scans, long[] offsets, Width width) {
    int found = -1;
    int foundAt = -1;
    for (int p = 0; p < scans.size(); p++) {
      PartitionScan s = scans.get(p);
      if (s.rows == 0) {
        continue;
      }
      if (found < 0 || (width == Width.MAX && s.width > found)) {
        found = s.width;
        foundAt = p;
      } else if (width == Width.SAME && s.width != found) {
        throw sizeMismatch(layout.parser(p), offsets[p] + s.widthRecord, s.width,
            layout.parser(foundAt), offsets[foundAt] + scans.get(foundAt).widthRecord, found);
      }
    }
    if (found < 0) {
      throw DataFormatException.inFile(layout.files(), "expected at least one data " + layout.parser(0).unit()
          + ", found none");
    }
    return found;
  }

  /**
   * Runs a Spark action over the files; a failure that is not a data error found by a parser (an
   * unreadable or corrupt file) becomes a {@link DataFormatException} naming the files and the root cause.
   */
  private static <R> R readOrExplain(Layout<?> layout, Supplier<R> action) {
    try {
      return action.get();
    } catch (DataFormatException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked from Scala
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root instanceof DataFormatException d) {
        throw d;
      }
      throw new DataFormatException(layout.files(), null, 0, null, "cannot read: " + root, e);
    }
  }

  /** Which file each partition of the concatenated RDD belongs to, and where each file starts. */
  static final class Layout<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<RecordParser<T>> parsers = new ArrayList<>();
    private final int[] fileOf;
    private final boolean[] firstOfFile;
    private final transient List<JavaRDD<T>> rdds = new ArrayList<>();

    Layout(List<Source<T>> sources) {
      int total = 0;
      for (Source<T> s : sources) {
        parsers.add(s.parser());
        rdds.add(s.records());
        total += s.records().getNumPartitions();
      }
      fileOf = new int[total];
      firstOfFile = new boolean[total];
      int p = 0;
      for (int f = 0; f < sources.size(); f++) {
        int n = rdds.get(f).getNumPartitions();
        for (int k = 0; k < n; k++, p++) {
          fileOf[p] = f;
          firstOfFile[p] = k == 0;
        }
      }
    }

    JavaRDD<T> union(JavaSparkContext jsc) {
      return rdds.size() == 1 ? rdds.get(0) : jsc.union(rdds.toArray(new JavaRDD[0]));
    }

    RecordParser<T> parser(int partition) {
      return parsers.get(fileOf[partition]);
    }

    /** Header records to skip in this partition: the parser's count in a file's first partition, else 0. */
    int header(int partition) {
      return firstOfFile[partition] ? parsers.get(fileOf[partition]).headerRecords() : 0;
    }

    /** Each partition's record offset within its file. */
    long[] offsets(List<PartitionScan> scans) {
      long[] offsets = new long[scans.size()];
      long running = 0;
      for (int p = 0; p < scans.size(); p++) {
        running = firstOfFile[p] ? 0 : running;
        offsets[p] = running;
        running += scans.get(p).records;
      }
      return offsets;
    }

    String files() {
      return parsers.size() == 1 ? parsers.get(0).file()
          : parsers.get(0).file() + " (and " + (parsers.size() - 1) + " more files)";
    }
  }
}
