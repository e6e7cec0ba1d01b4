package io.sparkmlp.data;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An IDX images file and its labels file read together into memory, without Spark; or an images
 * file alone ({@link #readImages}), for data to score.
 *
 * <p>Features are the pixels scaled to [0, 1] as {@code value / 255.0}, in row-major order
 * (pixel (r, c) is feature {@code r·cols + c}); the label is the unsigned byte label as a double,
 * or NaN without a labels file. The item order is the file order.
 */
public final class IdxDataset implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The file name stems tried, in order of preference, for a split named e.g. {@code "train"}. */
  private static final String[] IMAGE_NAMES = {"%s-images-idx3-ubyte", "%s-images.idx3-ubyte"};
  private static final String[] LABEL_NAMES = {"%s-labels-idx1-ubyte", "%s-labels.idx1-ubyte"};

  /** An images file and its labels file. */
  public record Pair(Path images, Path labels) implements Serializable {}

  private final String images;
  private final String labelsFile; // null without labels
  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;
  private final byte[] labels; // null without labels

  private IdxDataset(IdxReader.Images im, IdxReader.Labels lb) {
    this.images = im.file().toString();
    this.labelsFile = lb == null ? null : lb.file().toString();
    this.count = im.count();
    this.rows = im.rows();
    this.cols = im.cols();
    this.pixels = im.pixels();
    this.labels = lb == null ? null : lb.labels();
  }

  /**
   * Reads an images file and a labels file (raw or gzipped).
   *
   * @throws DataFormatException for a bad file (see {@link IdxReader}), or naming both files when
   *     the image count and the label count differ
   */
  public static IdxDataset read(Path imagesFile, Path labelsFile) {
    IdxReader.Images im = IdxReader.readImages(imagesFile);
    IdxReader.Labels lb = IdxReader.readLabels(labelsFile);
    if (im.count() != lb.count()) {
      throw DataFormatException.inFile(imagesFile + " and " + labelsFile, "expected as many labels as images, found "
          + im.count() + " images and " + lb.count() + " labels");
    }
    return new IdxDataset(im, lb);
  }

  /**
   * Reads an images file (raw or gzipped) without labels: every {@link #label} is NaN.
   *
   * @throws DataFormatException for a bad file (see {@link IdxReader})
   */
  public static IdxDataset readImages(Path imagesFile) {
    return new IdxDataset(IdxReader.readImages(imagesFile), null);
  }

  /** Reads a pair found by {@link #findTrain} or {@link #findTest}. */
  public static IdxDataset read(Pair pair) {
    return read(pair.images(), pair.labels());
  }

  /**
   * The training pair in {@code dir}: {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte},
   * each raw or with {@code .gz} (the raw file is preferred when both exist; the dotted names
   * {@code train-images.idx3-ubyte} are accepted too). Empty when there is no training images file.
   *
   * @throws DataFormatException naming the expected labels file when the images file is there but it is not
   */
  public static Optional<Pair> findTrain(Path dir) {
    return findPair(dir, "train");
  }

  /**
   * The test pair in {@code dir}, named as for {@link #findTrain} with {@code t10k} in place of
   * {@code train}: the default test set of an IDX directory. Empty when there is no test images file.
   *
   * @throws DataFormatException naming the expected labels file when the images file is there but it is not
   */
  public static Optional<Pair> findTest(Path dir) {
    return findPair(dir, "t10k");
  }

  /**
   * The pair of an images file: the labels file beside it with {@code images-idx3} replaced by
   * {@code labels-idx1} (or {@code images.idx3} by {@code labels.idx1}).
   *
   * @throws DataFormatException naming the expected labels file when it is not there
   */
  public static Pair pairFor(Path imagesFile) {
    String name = imagesFile.getFileName().toString();
    String labelsName = name.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1");
    if (labelsName.equals(name)) {
      throw DataFormatException.inFile(imagesFile.toString(), "expected an IDX images file named *-images-idx3-ubyte[.gz]"
          + " (to find its labels file), found the name " + name);
    }
    Path labels = imagesFile.resolveSibling(labelsName);
    if (!Files.isRegularFile(labels)) {
      throw DataFormatException.inFile(imagesFile.toString(), "expected its labels file " + labels + ", found no such file");
    }
    return new Pair(imagesFile, labels);
  }

  /**
   * The images file of a split in {@code dir} ({@code "train"} or {@code "t10k"}), named as for
   * {@link #findTrain}, whether or not its labels file is there. Empty when there is none.
   */
  public static Optional<Path> findImages(Path dir, String split) {
    return find(dir, IMAGE_NAMES, split);
  }

  private static Optional<Pair> findPair(Path dir, String split) {
    Optional<Path> imagesFile = findImages(dir, split);
    if (imagesFile.isEmpty()) {
      return Optional.empty();
    }
    Path labels = find(dir, LABEL_NAMES, split).orElseThrow(() -> DataFormatException.inFile(dir.toString(),
        "found " + imagesFile.get().getFileName() + " but not its labels: expected "
            + String.format(LABEL_NAMES[0], split) + "[.gz]"));
    return Optional.of(new Pair(imagesFile.get(), labels));
  }

  private static Optional<Path> find(Path dir, String[] patterns, String split) {
    for (String pattern : patterns) {
      String name = String.format(pattern, split);
      for (String candidate : new String[] {name, name + ".gz"}) {
        Path p = dir.resolve(candidate);
        if (Files.isRegularFile(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Number of items (images = labels). */
  public int size() {
    return count;
  }

  /** Features per item, rows·cols. */
  public int numFeatures() {
    return rows * cols;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The images file this was read from. */
  public String imagesFile() {
    return images;
  }

  /** The labels file this was read from, or null when it was read by {@link #readImages}. */
  public String labelsFile() {
    return labelsFile;
  }

  /** Label of item {@code i}, 0 ≤ i &lt; size(): the unsigned byte as a double; NaN without labels. */
  public double label(int i) {
    return labels == null ? Double.NaN : labels[i] & 0xff;
  }

  /**
   * Writes the scaled pixels of item {@code i} (value/255, in [0, 1]) into {@code out[offset ..
   * offset + numFeatures())}.
   */
  public void features(int i, double[] out, int offset) {
    int n = numFeatures();
    int base = i * n;
    for (int j = 0; j < n; j++) {
      out[offset + j] = (pixels[base + j] & 0xff) / 255.0;
    }
  }

  /** The scaled pixels of item {@code i} in a new array of length numFeatures(). */
  public double[] features(int i) {
    double[] out = new double[numFeatures()];
    features(i, out, 0);
    return out;
  }

  /** The raw pixel byte (0..255) of feature {@code j} of item {@code i}. */
  public int rawPixel(int i, int j) {
    return pixels[i * numFeatures() + j] & 0xff;
  }
}
