package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmlp.jobs.JobRuns.Run;
import io.sparkmlp.report.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --weight-col: the digits' first 600 rows as CSV with a weight column w = i mod 3 (0, 1, 2) and
 * is_val on every 5th row train like the same rows repeated w times (full-batch sgd at a constant
 * rate in float64, so batch order plays no part); bad weights name their line or row.
 */
class TrainWeightColumnTest {
  @TempDir static Path tmp;
  static Path weighted;
  static Path repeated;

  @BeforeAll
  static void writeCsv() throws IOException {
    List<String> lines = Files.readAllLines(JobRuns.DIGITS);
    List<String> w = new ArrayList<>(List.of(lines.get(0) + ",w,is_val"));
    List<String> r = new ArrayList<>(List.of(lines.get(0) + ",is_val"));
    for (int i = 0; i < 600; i++) {
      boolean val = i % 5 == 0;
      w.add(lines.get(i + 1) + "," + (i % 3) + "," + val);
      for (int c = 0; c < i % 3; c++) {
        r.add(lines.get(i + 1) + "," + val);
      }
    }
    weighted = Files.write(tmp.resolve("weighted.csv"), w);
    repeated = Files.write(tmp.resolve("repeated.csv"), r);
  }

  private static final String[] FULL_BATCH_SGD = {"--validation-indicator-col", "is_val", "--validation-fraction",
      "0", "--hidden", "8", "--optimizer", "sgd", "--lr", "0.05", "--lr-schedule", "constant", "--batch-size",
      "100000", "--epochs", "3", "--precision", "float64", "--checkpoint-dir", "none"};

  private static Run train(Path data, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", out.toString()));
    args.addAll(List.of(FULL_BATCH_SGD));
    args.addAll(List.of(more));
    return JobRuns.train(args.toArray(new String[0]));
  }

  @Test
  void integerWeightsTrainLikeRepeatedRows() throws IOException {
    Run byWeight = train(weighted, tmp.resolve("w"), "--weight-col", "w");
    assertEquals(0, byWeight.code(), byWeight.all());
    Run byRepeat = train(repeated, tmp.resolve("r"));
    assertEquals(0, byRepeat.code(), byRepeat.all());
    JsonNode w = RunFiles.read(tmp.resolve("w").resolve("summary.json"));
    JsonNode r = RunFiles.read(tmp.resolve("r").resolve("summary.json"));
    assertEquals("[64,8,10]", w.get("layers").toString(), "w and is_val are not features");
    assertEquals("w", w.get("config").get("weight-col").asText());
    assertEquals(r.get("final_train_loss").asDouble(), w.get("final_train_loss").asDouble(), 1e-12);
    assertEquals(r.get("final_validation_loss").asDouble(), w.get("final_validation_loss").asDouble(), 1e-12);
    assertEquals(0, w.get("skipped_steps").asInt());
  }

  @Test
  void badWeightsNameTheirLineOrRow() throws IOException {
    List<String> lines = Files.readAllLines(weighted);
    lines.set(7, lines.get(7).replaceFirst(",[012],(true|false)$", ",-1,$1"));
    Path negative = Files.write(tmp.resolve("negative.csv"), lines);
    Run r = train(negative, tmp.resolve("neg"), "--weight-col", "w");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().startsWith("train: " + negative + ", line 8, column 'w': expected a finite number ≥ 0"
        + " (--weight-col), found '-1'"), r.err());
    lines.set(7, lines.get(7).replaceFirst(",-1,", ",heavy,"));
    Path text = Files.write(tmp.resolve("text.csv"), lines);
    Run t = train(text, tmp.resolve("text"), "--weight-col", "w");
    assertEquals(2, t.code(), t.all());
    assertTrue(t.err().startsWith("train: " + text + ", line 8, column 'w': expected a finite number ≥ 0"
        + " (--weight-col), found 'heavy'"), t.err());
    Run same = train(weighted, tmp.resolve("same"), "--weight-col", "is_val");
    assertEquals(2, same.code(), same.all());
    assertEquals("train: flag --weight-col: 'is_val' is the validation indicator column too"
        + " (validation-indicator-col); the weights need a column of their own\n", same.err());
  }
}
