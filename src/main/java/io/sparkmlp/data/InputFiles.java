package io.sparkmlp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the files behind a path given by the user, through Hadoop's FileSystem (so local paths,
 * {@code file:} and {@code hdfs:} URIs and globs all work), before Spark is asked to read them.
 */
final class InputFiles {
  /** One data file: its fully qualified URI and its length in bytes. */
  record Entry(String uri, long length) {
    /** The URI as a plain path for local files, for messages; else the URI. */
    String display() {
      return uri.startsWith("file:") ? Paths.get(URI.create(uri)).toString() : uri;
    }
  }

  private InputFiles() {}

  /**
   * The data files of {@code path}: the file itself, or the files of a directory (not recursive;
   * names starting with {@code _} or {@code .}, such as {@code _SUCCESS}, are left out), or the
   * files a glob matches, in name order.
   *
   * @throws DataFormatException naming the path when it does not exist or holds no data file
   */
  static List<Entry> list(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    List<Entry> out = new ArrayList<>();
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matched = fs.globStatus(p);
      if (matched == null || matched.length == 0) {
        throw DataFormatException.inFile(path, "no such file or directory");
      }
      for (FileStatus st : matched) {
        if (st.isDirectory()) {
          for (FileStatus child : fs.listStatus(st.getPath())) {
            if (child.isFile() && isDataFileName(child.getPath().getName())) {
              out.add(new Entry(child.getPath().toString(), child.getLen()));
            }
          }
        } else {
          out.add(new Entry(st.getPath().toString(), st.getLen()));
        }
      }
    } catch (IOException e) {
      throw DataFormatException.inFile(path, "cannot list the input: " + e);
    }
    if (out.isEmpty()) {
      throw DataFormatException.inFile(path, "expected data files, found none (names starting with _ or . are skipped)");
    }
    out.sort(Comparator.comparing(Entry::uri));
    return out;
  }

  /** False for the names Spark and Hadoop treat as hidden or as markers: starting with {@code _} or {@code .}. */
  static boolean isDataFileName(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /**
   * The first line of a text file (decompressed by its extension as Spark does, UTF-8, a leading
   * byte order mark removed), or null for an empty file.
   */
  static String firstLine(SparkSession spark, String uri) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    try {
      FileSystem fs = p.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
      InputStream raw = fs.open(p);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = r.readLine();
        return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
      }
    } catch (IOException e) {
      throw DataFormatException.inFile(uri, "cannot read the first line: " + e);
    }
  }

  /**
   * The local path behind {@code path} when it is a plain path or a {@code file:} URI, else null.
   */
  static Path localPath(String path) {
    int colon = path.indexOf(':');
    int slash = path.indexOf('/');
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash);
    if (!hasScheme) {
      return Paths.get(path);
    }
    URI uri = URI.create(path);
    return "file".equals(uri.getScheme()) ? Paths.get(uri) : null;
  }
}
