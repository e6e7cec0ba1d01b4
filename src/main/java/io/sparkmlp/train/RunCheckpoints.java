package io.sparkmlp.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmlp.train.CheckpointStore;
import io.sparkmlp.train.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoint directory of a train run (any Hadoop FileSystem path): the Trainer's
 * checkpoints ({@link CheckpointStore}) plus {@value #CONF}, the run's effective configuration
 * written at its start, which {@code --resume} continues with.
 */
public final class RunCheckpoints {
  /** The file in the checkpoint directory holding the run's configuration. */
  public static final String CONF = "train.conf";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Settings renamed since a checkpoint could have been written: new name → old name. */
  private static final Map<String, String> LEGACY_NAMES = Map.of("blockSize", "chunkRows");

  private final String dir;
  private final Configuration hadoop;

  public RunCheckpoints(String dir, Configuration hadoop) {
    this.dir = dir;
    this.hadoop = hadoop;
  }

  public String dir() {
    return dir;
  }

  /**
   * Writes and removes a probe file in the directory (creating it, and removing it again when it
   * was created for the probe), so that an unwritable location is reported before training
   * rather than at the first checkpoint; the {@link IllegalArgumentException} names the path.
   */
  public void checkWritable() {
    Path d = new Path(dir);
    Path probe = new Path(d, ".write-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    try {
      FileSystem fs = d.getFileSystem(hadoop);
      boolean existed = fs.exists(d);
      if (!existed && !fs.mkdirs(d)) {
        throw new IOException("could not create the directory");
      }
      try (OutputStream o = fs.create(probe, false)) {
        o.write(1);
      }
      fs.delete(probe, false);
      if (!existed) {
        fs.delete(d, false);
      }
    } catch (IOException | RuntimeException e) {
      String why = e.getClass().getSimpleName().replace("Exception", "");
      throw new IllegalArgumentException("checkpoint-dir " + dir + ": cannot write there (" + why
          + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')) + "); choose another "
          + "--checkpoint-dir, or 'none' to turn checkpoints off", e);
    }
  }

  /**
   * Refuses, before anything is written, a directory that already holds checkpoints (a run that
   * could be resumed) unless {@code overwrite}.
   */
  public void checkFresh(boolean overwrite) {
    List<Path> old = new CheckpointStore(dir, hadoop, 1).list();
    if (!old.isEmpty() && !overwrite) {
      throw new IllegalArgumentException("checkpoint-dir " + dir + " already holds " + old.size()
          + " checkpoint(s) of an earlier run; continue it with --resume " + dir
          + ", or pass --overwrite to discard them");
    }
  }

  /**
   * Makes the directory ready for a fresh run: deletes old checkpoints (allowed by
   * {@link #checkFresh}) and writes {@value #CONF} atomically.
   */
  public void prepareFresh(String confText, boolean overwrite) throws IOException {
    checkFresh(overwrite);
    FileSystem fs = new Path(dir).getFileSystem(hadoop);
    for (Path p : new CheckpointStore(dir, hadoop, 1).list()) {
      fs.delete(p, false);
    }
    fs.mkdirs(new Path(dir));
    Path tmp = new Path(dir, "." + CONF + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(confText.getBytes(StandardCharsets.UTF_8));
    }
    Path conf = new Path(dir, CONF);
    fs.delete(conf, false);
    if (!fs.rename(tmp, conf)) {
      throw new IOException("could not rename " + tmp + " to " + conf);
    }
  }

  /** After a failed fresh run: removes {@value #CONF}, and the directory if nothing else is in it. */
  public void discardIfNoCheckpoints() throws IOException {
    if (!new CheckpointStore(dir, hadoop, 1).list().isEmpty()) {
      return;
    }
    Path d = new Path(dir);
    FileSystem fs = d.getFileSystem(hadoop);
    fs.delete(new Path(d, CONF), false);
    if (fs.exists(d) && fs.listStatus(d).length == 0) {
      fs.delete(d, false);
    }
  }

  /** The newest checkpoint file, or null when there is none. */
  public String newest() {
    List<Path> all = new CheckpointStore(dir, hadoop, 1).list();
    return all.isEmpty() ? null : all.get(all.size() - 1).toString();
  }

  /** The text of {@value #CONF}; a missing one is a {@link IllegalArgumentException} naming it. */
  public String readConf() throws IOException {
    Path conf = new Path(dir, CONF);
    FileSystem fs = conf.getFileSystem(hadoop);
    if (!fs.exists(conf)) {
      throw new IllegalArgumentException("--resume " + dir + ": no " + CONF + " there (expected the "
          + "checkpoint directory of a sparkmlp train run)");
    }
    try (InputStream in = fs.open(conf)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The newest checkpoint whose checksum holds. A newer one that could not be read is reported
   * on {@code out}; none at all is a {@link IllegalArgumentException}.
   */
  public CheckpointStore.Loaded loadNewest(int keep, PrintWriter out) {
    CheckpointStore store = new CheckpointStore(dir, hadoop, keep);
    List<Path> all = store.list();
    CheckpointStore.Loaded loaded = store.loadNewest().orElseThrow(() -> new IllegalArgumentException(
        "--resume " + dir + ": no valid checkpoint there (" + all.size() + " file(s) failed to load"
        + " or none were written yet)"));
    for (int i = all.size() - 1; i >= 0 && !all.get(i).getName().equals(loaded.path().getName()); i--) {
      out.println("warning: checkpoint " + all.get(i) + " is corrupt or unreadable (see the log); "
          + "skipped it");
    }
    out.println("resuming from " + loaded.path() + ": epoch " + (loaded.state().epoch() + 1) + ", step "
        + loaded.state().stepInEpoch() + " of the epoch, global step " + loaded.state().globalStep());
    return loaded;
  }

  /**
   * Checks that a checkpoint was written with the same training settings that {@value #CONF}
   * gives now; a difference (an edited train.conf) is an error naming the settings. A checkpoint
   * of an earlier version is read with the names it used ({@code chunkRows} for blockSize), and a
   * setting it did not have yet is not compared.
   */
  public static void checkSameConfig(CheckpointStore.Loaded loaded, TrainConfig cfg) {
    JsonNode saved = JSON.valueToTree(loaded.config());
    JsonNode now = JSON.valueToTree(cfg.toMap());
    StringBuilder diff = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode was = saved.get(e.getKey());
      if (was == null && LEGACY_NAMES.containsKey(e.getKey())) {
        was = saved.get(LEGACY_NAMES.get(e.getKey()));
      }
      if (was == null && !saved.has(e.getKey())) {
        continue; // a setting the checkpoint's version did not have
      }
      if (!e.getKey().equals("checkpointDir") && !same(e.getValue(), was)) {
        diff.append(diff.length() == 0 ? "" : "; ").append(e.getKey()).append(" was ").append(was)
            .append(", is ").append(e.getValue());
      }
    }
    if (diff.length() > 0) {
      throw new IllegalArgumentException("checkpoint " + loaded.path() + " was written with other training "
          + "settings than " + CONF + " now gives: " + diff);
    }
  }

  /** Equal JSON, numbers by value (a saved 0 may read back as an int where a long is now). */
  private static boolean same(JsonNode a, JsonNode b) {
    if (a != null && b != null && a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a == null ? b == null || b.isNull() : a.equals(b);
  }
}
