package io.sparkmlp.ml;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The API layer sits above the engine and the trainer: it uses nn and train (and nothing of the
 * driver-side optimizer or BLAS directly), and nothing above it.
 */
class MlDependencyTest {

  @Test
  void dependsOnlyDownwards() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sparkmlp.ml");
    noClasses().that().resideInAPackage("io.sparkmlp.ml..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sparkmlp.jobs..",
            "io.sparkmlp.report..", "io.sparkmlp.data..", "io.sparkmlp.optim..",
            "io.sparkmlp.linalg..", "breeze..")
        .check(classes);
  }
}
