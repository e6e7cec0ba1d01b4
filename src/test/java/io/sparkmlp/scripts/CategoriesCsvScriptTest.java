package io.sparkmlp.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/_categories-csv.sh}, the part of {@code scripts/get-data.sh fortunes} that turns
 * fortune(6)-format category files into {@code train.csv}, {@code test.csv} and
 * {@code labels.txt}, on made-up categories (nothing is fetched). The exact rows: RFC 4180
 * quoting, overstrikes, tabs and control characters, blank entries, the every-5th-to-test split.
 */
class CategoriesCsvScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  private record Run(int exit, String out) {}

  private static Run run(Path src, Path out, String... categories) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "scripts/_categories-csv.sh",
        src.toString(), out.toString()));
    cmd.addAll(Arrays.asList(categories));
    Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "_categories-csv.sh did not finish in 60 s:\n" + text);
    return new Run(p.exitValue(), text);
  }

  /** alpha: 6 documents and 1 blank entry, the last entry without a closing '%'. */
  private static final String ALPHA = "Hello, world\n"
      + "%\n"
      + "She said \"hi\"\n\t-- Someone\n"
      + "%\n"
      + "no one ____\b\b\b\bdoes it\u0007\r\n"   // underlined by overstriking, a BEL, a CR
      + "%\n"
      + "  \t \n"                                // blank: not a document
      + "%\n"
      + "four\n%\nfive\n%\nsix\n";

  private static Path categories(Path tmp) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("alpha"), ALPHA);
    StringBuilder beta = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      beta.append("b").append(i).append("\n%\n");
    }
    Files.writeString(src.resolve("beta"), beta);
    return src;
  }

  @Test
  void writesQuotedRowsAndPutsEveryFifthDocumentOfEachClassInTest(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    Run r = run(categories(tmp), out, "alpha", "beta");

    assertEquals(0, r.exit(), r.out());
    assertEquals("""
        label,text
        0,"Hello, world"
        0,"She said ""hi""  -- Someone"
        0,"no one does it"
        0,"four"
        0,"six"
        1,"b1"
        1,"b2"
        1,"b3"
        1,"b4"
        1,"b6"
        1,"b7"
        1,"b8"
        1,"b9"
        """, Files.readString(out.resolve("train.csv")));
    assertEquals("""
        label,text
        0,"five"
        1,"b5"
        1,"b10"
        """, Files.readString(out.resolve("test.csv")));
    assertEquals("0 alpha\n1 beta\n", Files.readString(out.resolve("labels.txt")));
    assertEquals("""
        categories-csv: 0 alpha: 6 documents (5 train, 1 test; 1 blank entries skipped)
        categories-csv: 1 beta: 10 documents (8 train, 2 test; 0 blank entries skipped)
        categories-csv: train.csv: 13 rows, test.csv: 3 rows, 2 classes
        """, r.out());
    // No working files left behind.
    try (var files = Files.list(out)) {
      assertEquals(List.of("labels.txt", "test.csv", "train.csv"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void labelsFollowTheArgumentOrder(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    Run r = run(categories(tmp), out, "beta", "alpha");

    assertEquals(0, r.exit(), r.out());
    assertEquals("0 beta\n1 alpha\n", Files.readString(out.resolve("labels.txt")));
    assertTrue(Files.readString(out.resolve("test.csv")).endsWith("0,\"b10\"\n1,\"five\"\n"));
  }

  @Test
  void aMissingCategoryIsAnErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path src = categories(tmp);
    Path out = tmp.resolve("out");
    Run r = run(src, out, "alpha", "gamma");

    assertEquals(1, r.exit(), r.out());
    assertEquals("categories-csv: error: category 'gamma': " + src.resolve("gamma") + " is missing\n",
        r.out());
    assertFalse(Files.exists(out.resolve("train.csv")), r.out());
  }

  @Test
  void aCategoryWithoutDocumentsIsAnErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path src = categories(tmp);
    Files.writeString(src.resolve("blanks"), "%\n \t\n%\n\n");
    Files.writeString(src.resolve("empty"), "");
    for (String bad : List.of("blanks", "empty")) {
      Path out = tmp.resolve("out-" + bad);
      Run r = run(src, out, "alpha", bad, "beta");

      assertEquals(1, r.exit(), r.out());
      assertTrue(r.out().endsWith("categories-csv: error: category '" + bad + "': "
          + src.resolve(bad) + " holds no document\n"), r.out());
      // The rows written for alpha before the error are not left in place of a table.
      try (var files = Files.list(out)) {
        assertEquals(List.of(), files.toList(), r.out());
      }
    }
  }
}
