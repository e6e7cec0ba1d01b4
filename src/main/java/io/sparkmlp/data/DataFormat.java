package io.sparkmlp.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The input formats {@link DataLoader} reads, and how one is chosen from a path. */
public enum DataFormat {
  /**
   * MNIST-style IDX: a directory holding {@code train-images-idx3-ubyte[.gz]} and
   * {@code train-labels-idx1-ubyte[.gz]}, or an images file with its labels file beside it.
   */
  IDX,
  /** {@code label idx:val ...} text, 1-based ascending indices. */
  LIBSVM,
  /** Comma-separated text with a header line; one label column, all other columns numeric features. */
  CSV,
  /** Parquet, with a vector column or numeric columns. */
  PARQUET,
  /**
   * Labelled text: CSV with a header, a label column and a text column (fields in double quotes,
   * a quote inside one doubled), read by Spark's CSV reader. The train job turns the text into
   * sparse features with Spark's RegexTokenizer, HashingTF and IDF. Never inferred: name it.
   */
  TEXT;

  /** CSV, Parquet and text name their columns (so {@link ExtraColumn}s can be read); IDX and LIBSVM do not. */
  public boolean hasNamedColumns() {
    return this == CSV || this == PARQUET || this == TEXT;
  }

  /**
   * The format named {@code name}, case-insensitive ({@code "svm"} is accepted for LIBSVM).
   *
   * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
   */
  public static DataFormat fromName(String name) {
    String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    if (n.equals("SVM")) {
      return LIBSVM;
    }
    for (DataFormat f : values()) {
      if (f.name().equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown data format " + DataFormatException.quote(name)
        + ": expected one of " + validNames());
  }

  /** The valid names, lower case, e.g. {@code "idx, libsvm, csv, parquet"}. */
  public static String validNames() {
    return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
  }

  /**
   * Guesses the format of a local path (a {@code file:} URI or a plain path):
   * a directory holding {@code train-images-idx3-ubyte[.gz]} or {@code t10k-images-idx3-ubyte[.gz]},
   * and a file named {@code *-idx3-ubyte[.gz]} or {@code *.idx3-ubyte[.gz]}, is IDX; a name ending in
   * {@code .libsvm} or {@code .svm} is LIBSVM, {@code .csv} is CSV, {@code .parquet} is PARQUET (a
   * trailing {@code .gz} is ignored); a directory of {@code .parquet} files is PARQUET, and one of
   * {@code .csv} files CSV. A remote URI ({@code hdfs://} etc.) is judged by its name alone.
   *
   * @throws IllegalArgumentException naming the path when it does not exist or the format cannot be told,
   *     in which case the message asks for {@code --format}
   */
  public static DataFormat infer(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("no data path given: expected a file or directory");
    }
    DataFormat byName = byExtension(path);
    Path local = InputFiles.localPath(path);
    if (local == null) {
      if (byName != null) {
        return byName;
      }
      throw cannotTell(path, "its name has none of the extensions .libsvm, .svm, .csv, .parquet, -idx3-ubyte");
    }
    if (!Files.exists(local)) {
      throw DataFormatException.inFile(path, "no such file or directory");
    }
    if (!Files.isDirectory(local)) {
      if (byName != null) {
        return byName;
      }
      throw cannotTell(path, "its name has none of the extensions .libsvm, .svm, .csv, .parquet, -idx3-ubyte");
    }
    if (byName == PARQUET) {
      return PARQUET;
    }
    // Labels are looked for when the data is read (data to score may have none).
    if (IdxDataset.findImages(local, "train").isPresent() || IdxDataset.findImages(local, "t10k").isPresent()) {
      return IDX;
    }
    return inferDirectory(path, local);
  }

  private static DataFormat inferDirectory(String path, Path dir) {
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(InputFiles::isDataFileName).collect(Collectors.toList());
    } catch (IOException e) {
      throw DataFormatException.inFile(path, "cannot list the directory: " + e.getMessage());
    }
    if (!names.isEmpty() && names.stream().allMatch(n -> byExtension(n) == PARQUET)) {
      return PARQUET;
    }
    if (!names.isEmpty() && names.stream().allMatch(n -> byExtension(n) == CSV)) {
      return CSV;
    }
    throw cannotTell(path, "the directory holds no train- or t10k-images-idx3-ubyte[.gz], nor only .parquet "
        + "or only .csv files (found " + names.size() + " data files)");
  }

  private static DataFormat byExtension(String path) {
    String trimmed = path.replaceAll("/+$", "");
    String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".libsvm") || n.endsWith(".svm")) {
      return LIBSVM;
    }
    if (n.endsWith(".csv")) {
      return CSV;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    if (n.endsWith("-idx3-ubyte") || n.endsWith(".idx3-ubyte")) {
      return IDX;
    }
    return null;
  }

  private static IllegalArgumentException cannotTell(String path, String why) {
    return DataFormatException.inFile(path, "cannot tell the data format (" + why
        + "): expected --format with one of " + validNames());
  }
}
