package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed text fixture {@code datasets/fortunes-slice.csv} (made by
 * {@code scripts/_categories-csv.sh}, see the README beside it) is the table it claims to be:
 * header {@code label,text}, one row per line, each text in double quotes with every inner
 * quote doubled, 60 non-blank rows for each of the 4 labels that the labels file names.
 */
class FortunesSliceFixtureTest {
  private static final Path DIR = Path.of("src/test/resources/datasets");
  /** label, then the quoted text: any character but a lone '"'. */
  private static final Pattern ROW = Pattern.compile("(\\d+),\"((?:[^\"]|\"\")*)\"");

  @Test
  void parsesAsFourClassesOfSixtyNonEmptyTexts() throws Exception {
    List<String> lines = Files.readAllLines(DIR.resolve("fortunes-slice.csv"), StandardCharsets.UTF_8);
    assertEquals("label,text", lines.get(0));

    Map<Integer, Integer> perLabel = new TreeMap<>();
    int withQuotes = 0;
    for (int i = 1; i < lines.size(); i++) {
      Matcher m = ROW.matcher(lines.get(i));
      assertTrue(m.matches(), "fortunes-slice.csv line " + (i + 1) + " is not label,\"text\": " + lines.get(i));
      String text = m.group(2).replace("\"\"", "\"");
      assertFalse(text.isBlank(), "fortunes-slice.csv line " + (i + 1) + ": empty text");
      assertFalse(text.chars().anyMatch(c -> c < 0x20 || c == 0x7f),
          "fortunes-slice.csv line " + (i + 1) + ": a control character in the text");
      withQuotes += text.contains("\"") ? 1 : 0;
      perLabel.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
    }
    assertEquals(Map.of(0, 60, 1, 60, 2, 60, 3, 60), perLabel);
    assertTrue(withQuotes > 0, "no text holds a quote, so the quoting is not exercised");
    assertEquals(List.of("0 definitions", "1 computers", "2 politics", "3 zippy"),
        Files.readAllLines(DIR.resolve("fortunes-slice-labels.txt")));
  }
}
