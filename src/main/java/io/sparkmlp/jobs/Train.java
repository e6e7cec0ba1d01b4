package io.sparkmlp.jobs;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.config.ConfigFile;
import io.sparkmlp.config.PathValues;
import io.sparkmlp.config.Setting;
import io.sparkmlp.config.TrainKeys;
import io.sparkmlp.config.TrainSpec;
import io.sparkmlp.linalg.Blas;
import io.sparkmlp.run.TrainJob;
import io.sparkmlp.train.RunCheckpoints;

import io.sparkmlp.config.TrainKeys.Key;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The train job (behind {@code jobs/train.sh}): trains an MLP from a config file plus flag
 * overrides and writes a complete output directory. Thin: the flags are generated from
 * {@link TrainKeys} (so {@code --help}, config files and {@code docs/config.md} agree), merged
 * into a {@link TrainSpec}, and run by {@link TrainJob}.
 *
 * <p>Exit codes: 0 ok; 1 training failed (e.g. it diverged: the message names the step, the
 * layer and the last finite loss); 2 bad usage, configuration or data (one line naming the file,
 * line and key, or the flag; no stack trace unless {@code --verbose}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    version = "sparkmlp train 0.1.0", usageHelpWidth = 100,
    description = {
        "Trains a multi-layer perceptron on Spark with synchronous data-parallel mini-batch steps.",
        "",
        "Every option below is also a config file key: 'batch-size = 128' in the --config file",
        "is --batch-size 128. Flags override the file; relative paths in the file are resolved",
        "against its directory. Full reference: docs/config.md.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:trained; the output directory is complete",
        "1:training failed (e.g. diverged); nothing was written to --out",
        "2:usage, configuration or data error; nothing was written to --out",
        "130/143:SIGINT/SIGTERM: stopped after the step in flight and a checkpoint; resumable"},
    footerHeading = "%nOutputs:%n",
    footer = {"--out DIR gets model/ (Spark ML format), metrics.jsonl, summary.json, loss.png,",
        "accuracy.png and grad-norms.png; checkpoints and train.conf go to DIR-checkpoints."})
public final class Train implements Callable<Integer> {
  /** The flags that may accompany --resume: they change where results go, not the run. */
  private static final Set<String> RESUME_FLAGS = Set.of("out", "overwrite", "master", "verbose");

  @CommandLine.Spec
  CommandSpec command;

  private PrintWriter stdout;
  private boolean interactive;
  private boolean verbose;
  /** Catch SIGINT and SIGTERM during training (main only: an in-process run leaves them alone). */
  private boolean catchSignals;

  public static void main(String[] args) {
    // The console shows progress and epoch lines; the Trainer's INFO log would repeat them.
    // --verbose shows its log down to each step's times (DEBUG).
    Configurator.setLevel("io.sparkmlp.train.Trainer",
        Arrays.asList(args).contains("--verbose") ? Level.DEBUG : Level.WARN);
    Train job = new Train();
    job.catchSignals = true; // this process is the job's own: SIGINT/SIGTERM checkpoint, then exit
    System.exit(job.execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        System.console() != null));
  }

  /** Parses {@code args}, runs the job, and returns its exit code (never calls System.exit). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, false);
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter)}.
   *
   * @param interactive redraw the progress bar in place (a terminal) rather than print lines
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, boolean interactive) {
    return new Train().execute(args, out, err, interactive);
  }

  private int execute(String[] args, PrintWriter out, PrintWriter err, boolean interactive) {
    stdout = out;
    this.interactive = interactive;
    CommandLine cl = new CommandLine(this);
    for (Key k : TrainKeys.all()) {
      cl.getCommandSpec().addOption(option(k));
    }
    verbose = Arrays.asList(args).contains("--verbose");
    return JobCli.execute(cl, "train", () -> verbose, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    ParseResult parsed = command.commandLine().getParseResult();
    Map<String, Setting> flags = new LinkedHashMap<>();
    Path cwd = Path.of("").toAbsolutePath();
    for (Key k : TrainKeys.all()) {
      OptionSpec o = parsed.matchedOption(k.flag());
      if (o != null) {
        String v = o.getValue();
        flags.put(k.name(), Setting.fromFlag(k.name(), k.kind() == TrainKeys.Kind.PATH
            ? PathValues.resolve(v, cwd) : v));
      }
    }
    Setting resume = flags.remove("resume");
    Setting config = flags.remove("config");
    SparkSession spark = JobCli.session("sparkmlp train", flags.containsKey("master")
        ? flags.get("master").value() : null);
    Map<String, Setting> file;
    if (resume != null) {
      file = resumeSettings(resume.value(), config, flags, spark);
    } else {
      file = config == null ? Map.of() : ConfigFile.read(Path.of(config.value()));
    }
    TrainSpec spec = TrainSpec.of(TrainSpec.merge(file, flags), LocalDateTime.now());
    verbose = spec.verbose();
    stdout.println("BLAS: " + Blas.describe());
    JobCli.printSpark(stdout, spark, spec.master());
    TrainJob run = new TrainJob(spec, spark, stdout, interactive, resume == null ? null : resume.value());
    (catchSignals ? run.catchingSignals() : run).run();
    return JobCli.OK;
  }

  /** train.conf of the checkpoint directory, with checkpoint-dir pointing at it. */
  private static Map<String, Setting> resumeSettings(String dir, Setting config,
      Map<String, Setting> flags, SparkSession spark) throws IOException {
    if (config != null) {
      throw new ConfigException("--config cannot be combined with --resume: a resumed run continues "
          + "with the configuration stored in " + dir + "/" + RunCheckpoints.CONF);
    }
    if (flags.containsKey("init-model")) {
      throw new ConfigException("--init-model cannot be combined with --resume: --resume continues the run"
          + " of " + dir + " from its newest checkpoint (weights and optimizer state), --init-model starts a"
          + " new run from a saved model's weights; give one of them");
    }
    for (String key : flags.keySet()) {
      if (!RESUME_FLAGS.contains(key)) {
        throw new ConfigException("flag --" + key + " cannot be combined with --resume: a resumed run "
            + "continues with the configuration stored in " + dir + "/" + RunCheckpoints.CONF
            + "; only " + RESUME_FLAGS.stream().sorted().map(f -> "--" + f).toList() + " may be given");
      }
    }
    RunCheckpoints ckpt = new RunCheckpoints(dir, spark.sparkContext().hadoopConfiguration());
    Map<String, Setting> file = new LinkedHashMap<>(ConfigFile.parse(ckpt.readConf(),
        dir + "/" + RunCheckpoints.CONF, Path.of("").toAbsolutePath()));
    file.put("checkpoint-dir", Setting.fromFlag("checkpoint-dir", dir));
    return file;
  }

  private static OptionSpec option(Key k) {
    String dflt = TrainKeys.defaultText(k);
    StringBuilder d = new StringBuilder(k.description());
    if ("required".equals(dflt)) {
      d.append(" Required (here or in the config file).");
    } else if (k.fileKey() && k.kind() != TrainKeys.Kind.BOOL) {
      d.append(" Default: ").append(dflt).append('.');
    }
    OptionSpec.Builder b = OptionSpec.builder(k.flag()).type(String.class)
        .description(d.toString().replace("%", "%%"));
    if (k.kind() == TrainKeys.Kind.BOOL) {
      b.arity("0..1").fallbackValue("true").paramLabel("true|false");
    } else {
      b.arity("1").paramLabel(k.label());
    }
    return b.build();
  }
}
