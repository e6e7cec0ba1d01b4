package io.sparkmlp.optim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The optimizer is pure Java: no Spark, no Scala, no other sparkmlp package. */
class OptimDependencyTest {

  @Test
  void dependsOnlyOnTheJdk() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sparkmlp.optim");
    noClasses().that().resideInAPackage("io.sparkmlp.optim..")
        .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.sparkmlp.optim..")
        .check(classes);
  }
}
