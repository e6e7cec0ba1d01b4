package io.sparkmlp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guard rails on our own classes: no Breeze anywhere, BLAS only through the façade, the engine
 * free of Spark, and every package in one layering that depends one way (see
 * {@link #packagesDependOneWay()}).
 */
class ArchitectureRulesTest {
  private static JavaClasses ours;

  @BeforeAll
  static void importClasses() {
    ours = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sparkmlp");
  }

  @Test
  void noClassUsesBreeze() {
    noClasses().should().dependOnClassesThat().resideInAPackage("breeze..").check(ours);
  }

  @Test
  void onlyTheFacadeTouchesNetlib() {
    noClasses().that().resideOutsideOfPackage("io.sparkmlp.linalg..")
        .should().dependOnClassesThat().resideInAPackage("dev.ludovic.netlib..").check(ours);
  }

  @Test
  void theEngineNeverSeesSpark() {
    noClasses().that().resideInAnyPackage("io.sparkmlp.linalg..", "io.sparkmlp.nn..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..")
        .check(ours);
  }

  /**
   * Every package in one layering, lowest first: linalg ← nn ← data, optim ← train ← report, ml,
   * gradcheck, bench, config ← run ← jobs. A layer may use only the layers below it.
   */
  @Test
  void packagesDependOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("linalg").definedBy("io.sparkmlp.linalg..")
        .layer("nn").definedBy("io.sparkmlp.nn..")
        .layer("data").definedBy("io.sparkmlp.data..")
        .layer("optim").definedBy("io.sparkmlp.optim..")
        .layer("train").definedBy("io.sparkmlp.train..")
        .layer("report").definedBy("io.sparkmlp.report..")
        .layer("ml").definedBy("io.sparkmlp.ml..")
        .layer("gradcheck").definedBy("io.sparkmlp.gradcheck..")
        .layer("bench").definedBy("io.sparkmlp.bench..")
        .layer("config").definedBy("io.sparkmlp.config..")
        .layer("run").definedBy("io.sparkmlp.run..")
        .layer("jobs").definedBy("io.sparkmlp.jobs..")
        .whereLayer("jobs").mayNotBeAccessedByAnyLayer()
        .whereLayer("run").mayOnlyBeAccessedByLayers("jobs")
        .whereLayer("config").mayOnlyBeAccessedByLayers("run", "jobs")
        .whereLayer("bench").mayOnlyBeAccessedByLayers("jobs")
        .whereLayer("gradcheck").mayOnlyBeAccessedByLayers("jobs")
        .whereLayer("ml").mayOnlyBeAccessedByLayers("run", "jobs")
        .whereLayer("report").mayOnlyBeAccessedByLayers("gradcheck", "run", "jobs")
        .whereLayer("train").mayOnlyBeAccessedByLayers("report", "ml", "bench", "config", "run", "jobs")
        .whereLayer("optim").mayOnlyBeAccessedByLayers("train", "ml", "bench", "config", "run", "jobs")
        .whereLayer("data").mayOnlyBeAccessedByLayers("train", "ml", "bench", "config", "run", "jobs")
        .whereLayer("nn").mayOnlyBeAccessedByLayers("data", "optim", "train", "report", "ml", "gradcheck",
            "bench", "config", "run", "jobs")
        .whereLayer("linalg").mayOnlyBeAccessedByLayers("nn", "data", "optim", "train", "report", "ml",
            "gradcheck", "bench", "config", "run", "jobs")
        .check(ours);
  }

  /** Every class of ours is in one of the layers above, so none escapes the rule. */
  @Test
  void everyPackageIsALayer() {
    classes().that().resideInAPackage("io.sparkmlp..").should().resideInAnyPackage("io.sparkmlp.linalg..",
        "io.sparkmlp.nn..", "io.sparkmlp.data..", "io.sparkmlp.optim..", "io.sparkmlp.train..",
        "io.sparkmlp.report..", "io.sparkmlp.ml..", "io.sparkmlp.gradcheck..", "io.sparkmlp.bench..",
        "io.sparkmlp.config..", "io.sparkmlp.run..", "io.sparkmlp.jobs..").check(ours);
  }
}
