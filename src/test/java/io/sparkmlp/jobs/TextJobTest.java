package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.report.RunFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train job on labelled text (--format text): the committed fortunes slice, 4 categories,
 * through RegexTokenizer, HashingTF and IDF into CSR features; the saved PipelineModel takes raw
 * text, and the evaluate job scores raw text with it.
 */
class TextJobTest {
  @TempDir
  static Path tmp;

  /** The suite's shared local[2] session, before a job would make one of its own. */
  @BeforeAll
  static void session() {
    io.sparkmlp.SparkTestSession.get();
  }

  /** Every 5th row of the slice is test, as scripts/get-data.sh splits the whole corpus. */
  private static void split() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/datasets/fortunes-slice.csv"),
        StandardCharsets.UTF_8);
    List<String> train = new ArrayList<>(List.of(lines.get(0))), test = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      (i % 5 == 0 ? test : train).add(lines.get(i));
    }
    Files.write(tmp.resolve("train.csv"), train, StandardCharsets.UTF_8);
    Files.write(tmp.resolve("test.csv"), test, StandardCharsets.UTF_8);
  }

  @Test
  void trainsOnTextAndTheModelScoresRawText() throws IOException {
    split();
    Path out = tmp.resolve("run");
    Run r = JobRuns.train("--data", tmp.resolve("train.csv").toString(), "--test-data",
        tmp.resolve("test.csv").toString(), "--format", "text", "--text-features", "16384", "--hidden", "16",
        "--epochs", "6", "--batch-size", "32", "--lr", "0.01", "--checkpoint-dir", "none", "--out", out.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("text: text → RegexTokenizer → HashingTF (16384 features) → IDF"), r.out());
    assertTrue(r.out().contains("192 rows × 16384 features (CSR, "), r.out());
    JsonNode s = RunFiles.read(out.resolve("summary.json"));
    double accuracy = s.get("test_accuracy").asDouble();
    assertEquals(48, s.get("test_rows").asInt());
    assertTrue(accuracy > 0.4, "test accuracy " + accuracy + " (4 categories: chance is 0.25)");
    org.apache.spark.ml.PipelineModel model = org.apache.spark.ml.PipelineModel.load(out.resolve("model").toString());
    assertEquals(List.of("RegexTokenizer", "HashingTF", "IDFModel", "MlpClassificationModel"),
        java.util.Arrays.stream(model.stages()).map(t -> t.getClass().getSimpleName()).toList());

    Run e = JobRuns.run(Evaluate::run, "--model", out.toString(), "--data", tmp.resolve("test.csv").toString(),
        "--format", "text", "--out", tmp.resolve("eval").toString());
    assertEquals(0, e.code(), e.all());
    assertTrue(e.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f (", accuracy)), e.out());
  }

  @Test
  void textWithoutItsTextColumnIsNamed() throws IOException {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "label,body\n0,\"hello\"\n1,\"world\"\n");
    Run r = JobRuns.train("--data", bad.toString(), "--format", "text", "--checkpoint-dir", "none",
        "--out", tmp.resolve("bad-run").toString());
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("expected a column 'text' (text data: a label and a text column), found [label, body]"),
        r.err());
  }
}
