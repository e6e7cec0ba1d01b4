package io.sparkmlp.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the job mains in-process and keeps what they printed; the digits CSV split in two. */
final class JobRuns {
  static final Path DIGITS = Path.of("src/test/resources/datasets/digits.csv");

  private JobRuns() {}

  record Run(int code, String out, String err) {
    String all() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  interface Main {
    int run(String[] args, PrintWriter out, PrintWriter err);
  }

  static Run run(Main main, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static Run train(String... args) {
    return run(Train::run, args);
  }

  /**
   * Writes the digits table as {@code train.csv} (the first {@code trainRows} rows) and
   * {@code test.csv} (the rest), each with the header, into {@code dir}.
   */
  static void splitDigits(Path dir, int trainRows) throws IOException {
    List<String> lines = Files.readAllLines(DIGITS);
    String header = lines.get(0);
    List<String> rows = lines.subList(1, lines.size());
    Files.write(dir.resolve("train.csv"), Stream.concat(Stream.of(header),
        rows.subList(0, trainRows).stream()).toList());
    Files.write(dir.resolve("test.csv"), Stream.concat(Stream.of(header),
        rows.subList(trainRows, rows.size()).stream()).toList());
  }

  /** The names in {@code dir}, sorted, for "nothing else was left behind" checks. */
  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
