package io.sparkmlp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guard rails on our own classes: no Breeze anywhere, BLAS only through the façade, the engine
 * free of Spark, and packages depending one way (linalg ← nn ← optim/train ← ml ← jobs; the
 * readers in data depend on none of them, so train may use data's {@code OrderedPartitions}).
 */
class ArchitectureRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sparkmlp");
  }

  @Test
  void noClassUsesBreeze() {
    noClasses().should().dependOnClassesThat().resideInAPackage("breeze..").check(classes);
  }

  @Test
  void onlyTheFacadeTouchesNetlib() {
    noClasses().that().resideOutsideOfPackage("io.sparkmlp.linalg..")
        .should().dependOnClassesThat().resideInAPackage("dev.ludovic.netlib..").check(classes);
  }

  @Test
  void theEngineNeverSeesSpark() {
    noClasses().that().resideInAnyPackage("io.sparkmlp.linalg..", "io.sparkmlp.nn..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..")
        .check(classes);
  }

  @Test
  void packagesDependOneWay() {
    noClasses().that().resideInAnyPackage("io.sparkmlp.linalg..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sparkmlp.nn..", "io.sparkmlp.train..",
            "io.sparkmlp.ml..", "io.sparkmlp.jobs..").check(classes);
    noClasses().that().resideInAnyPackage("io.sparkmlp.nn..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sparkmlp.train..", "io.sparkmlp.optim..",
            "io.sparkmlp.ml..", "io.sparkmlp.jobs..", "io.sparkmlp.data..").check(classes);
    noClasses().that().resideInAnyPackage("io.sparkmlp.train..", "io.sparkmlp.optim..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sparkmlp.ml..", "io.sparkmlp.jobs..")
        .check(classes);
    noClasses().that().resideInAnyPackage("io.sparkmlp.ml..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sparkmlp.jobs..").check(classes);
    noClasses().that().resideInAnyPackage("io.sparkmlp.data..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sparkmlp.train..", "io.sparkmlp.optim..",
            "io.sparkmlp.ml..", "io.sparkmlp.jobs..").check(classes);
  }
}
