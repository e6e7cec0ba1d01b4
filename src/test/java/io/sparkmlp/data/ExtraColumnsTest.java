package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra named columns: carried after features, not read as features, checked while loading. */
class ExtraColumnsTest extends SparkTestBase {
  @TempDir Path dir;

  private static DataOptions withIndicator(DataFormat format) {
    return new DataOptions().format(format).extraColumn(ExtraColumn.bool("is_val", "--validation-indicator-col"));
  }

  @Test
  void csvCarriesTheColumnInsteadOfAFeature() throws IOException {
    Path csv = dir.resolve("a.csv");
    Files.writeString(csv, "x,is_val,label,y\n1,true,0,2\n3,FALSE,1,4\n5,\"true\",0,6\n");
    Dataset<Row> f = DataLoader.load(spark, csv.toString(), withIndicator(DataFormat.CSV));
    assertEquals(List.of("label", "features", "is_val"), List.of(f.columns()));
    assertEquals(2, LabeledFrames.numFeatures(f));
    List<Row> rows = rows(f);
    assertEquals(List.of(true, false, true), rows.stream().map(r -> r.getBoolean(2)).toList());
    assertEquals(List.of(3.0, 4.0), List.of(features(rows.get(1)).apply(0), features(rows.get(1)).apply(1)));
  }

  @Test
  void csvRefusesAValueThatIsNotABooleanAndAMissingColumn() throws IOException {
    Path csv = dir.resolve("b.csv");
    Files.writeString(csv, "x,is_val,label\n1,true,0\n3,yes,1\n");
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, csv.toString(), withIndicator(DataFormat.CSV)));
    assertEquals(csv + ", line 3, column 'is_val': expected true or false (--validation-indicator-col), found 'yes'",
        e.getMessage());
    Path without = dir.resolve("c.csv");
    Files.writeString(without, "x,label\n1,0\n");
    DataFormatException m = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, without.toString(), withIndicator(DataFormat.CSV)));
    assertEquals(without + ", line 1: expected a column named 'is_val' (--validation-indicator-col), found the"
        + " columns x, label", m.getMessage());
  }

  @Test
  void aSkippedColumnIsNeitherLabelNorFeatureWhereItIsThere() throws IOException {
    Path csv = dir.resolve("s.csv");
    Files.writeString(csv, "x,is_val,label\n1,true,0\n");
    Dataset<Row> f = DataLoader.load(spark, csv.toString(), new DataOptions().format(DataFormat.CSV)
        .skipColumn("is_val"));
    assertEquals(List.of("label", "features"), List.of(f.columns()));
    assertEquals(1, LabeledFrames.numFeatures(f));
    Path without = dir.resolve("s2.csv");
    Files.writeString(without, "x,label\n1,0\n");
    assertEquals(1, LabeledFrames.numFeatures(DataLoader.load(spark, without.toString(),
        new DataOptions().format(DataFormat.CSV).skipColumn("is_val"))));
  }

  @Test
  void parquetRefusesAColumnOfAnotherType() {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("x", DataTypes.DoubleType)
        .add("is_val", DataTypes.DoubleType);
    String p = dir.resolve("d.parquet").toString();
    spark.createDataFrame(List.of(RowFactory.create(0.0, 1.0, 1.0)), schema).coalesce(1).write().parquet(p);
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, p, withIndicator(DataFormat.PARQUET)));
    assertEquals(true, e.getMessage().endsWith(", column 'is_val': expected a boolean column"
        + " (--validation-indicator-col), found double"), e.getMessage());
  }

  @Test
  void textCarriesTheColumnAndRefusesABadValue() throws IOException {
    Path txt = dir.resolve("t.csv");
    Files.writeString(txt, "label,text,is_val\n0,\"a b\",true\n1,\"c, d\",false\n");
    Dataset<Row> f = DataLoader.load(spark, txt.toString(), withIndicator(DataFormat.TEXT));
    assertEquals(List.of("label", "text", "is_val"), List.of(f.columns()));
    assertEquals(List.of(true, false), rows(f).stream().map(r -> r.getBoolean(2)).toList());
    Path bad = dir.resolve("u.csv");
    Files.writeString(bad, "label,text,is_val\n0,\"a b\",maybe\n");
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, bad.toString(), withIndicator(DataFormat.TEXT)));
    assertEquals(bad + ": 1 row(s) have no true or false (--validation-indicator-col) in 'is_val'", e.getMessage());
  }

  @Test
  void idxAndLibsvmRefuseExtraColumnsNamingTheFormat() throws IOException {
    Path svm = dir.resolve("e.libsvm");
    Files.writeString(svm, "0 1:1\n");
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataLoader.load(spark, svm.toString(), withIndicator(DataFormat.LIBSVM)));
    assertEquals(svm + ": --validation-indicator-col 'is_val' names a column, but libsvm data has no named"
        + " columns (csv, parquet and text have)", e.getMessage());
  }
}
