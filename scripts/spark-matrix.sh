#!/usr/bin/env bash
# Runs the Spark-touching subset of the tests, compiled against Spark 4.0.1, on newer Spark jars.
set -euo pipefail

# The subset: the test classes that drive Spark ML (Params, pipelines, persistence, learning),
# the distributed step and the train job. Not the *IT classes (slow, and failsafe's jar).
SUBSET=(
  io.sparkmlp.ml.MlpParamsTest
  io.sparkmlp.ml.MlpPipelineTest
  io.sparkmlp.ml.MlpPersistenceTest
  io.sparkmlp.ml.MlpLearningTest
  io.sparkmlp.ml.MlpTextPipelineTest
  io.sparkmlp.ml.SavedModelFixtureTest
  io.sparkmlp.ml.ConnectRegistrationTest
  io.sparkmlp.train.TrainerTest
  io.sparkmlp.train.SparseTrainingTest
  io.sparkmlp.train.ThetaDeltaTest
  io.sparkmlp.train.DistributedGradientTest
  io.sparkmlp.train.SampleWeightTest
  io.sparkmlp.jobs.TrainJobTest
)
JUNIT_PLATFORM=1.14.4 # the platform of the pom's junit 5.14.4

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  cat <<USAGE
Usage: scripts/spark-matrix.sh [SPARK_VERSION...]   (default: 4.2.0)

Runs the classes in target/classes and target/test-classes as they are (built against Spark
4.0.1 by mvn; not recompiled, so binary breaks show) on each version's own jars:
  1. spark-mllib_2.13:VERSION and its dependencies, resolved by a pom generated in
     target/spark-VERSION/ (Spark's own versions, as on a cluster), listed in
     target/spark-VERSION/classpath; then the project's compile and test dependencies that
     Spark does not bring (picocli, jfreechart, tribuo, onnxruntime, archunit, ...)
  2. the JUnit Platform Console Launcher $JUNIT_PLATFORM on the subset, with surefire's JVM flags
     (the pom's spark.java.opens), OPENBLAS_NUM_THREADS=1 and scripts/_blas-kernel.sh's kernel
Reports go to target/spark-VERSION/reports. Exits non-zero if any version fails.
The subset:
$(printf '  %s\n' "${SUBSET[@]}")
USAGE
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
versions=("$@")
((${#versions[@]})) || versions=(4.2.0)
[[ -d target/classes && -d target/test-classes ]] ||
  { echo "spark-matrix: target/classes or target/test-classes is missing: run mvn test-compile first" >&2; exit 2; }

quiet() { # Maven's output only when it fails
  local out
  out=$("$@" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
}

# the key of a jar in the local repository: its group and artifact folder, without the version
jar_key() { dirname "$(dirname "$1")"; }

# The project's test classpath, once. Dropped from it below: Spark 4.0.1's tree (replaced by
# VERSION's) and JUnit's own jars (the console launcher brings them).
mkdir -p target/spark-matrix
quiet mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/spark-matrix/app.classpath
quiet mvn -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM \
  -DoutputDirectory=target/spark-matrix
launcher=target/spark-matrix/junit-platform-console-standalone-$JUNIT_PLATFORM.jar

# surefire's argLine: the pom's spark.java.opens, one flag a line
mapfile -t jvm_opts < <(sed -n '/<spark.java.opens>/,/<\/spark.java.opens>/p' pom.xml |
  sed -e 's/<[^>]*>//g' -e 's/^ *//' -e 's/ *$//' | grep -v '^$')

# spark_classpath VERSION: resolves spark-mllib_2.13:VERSION by itself into
# target/spark-VERSION/classpath; fails (with Maven's output) if VERSION is not served
spark_classpath() {
  local dir=target/spark-$1
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.sparkmlp.matrix</groupId>
  <artifactId>spark-$1</artifactId>
  <version>0</version>
  <!-- Spark's own dependencyManagement, as its build (and so its distribution's jars/) has it:
       without it Maven's nearest-wins picks, e.g., a scala-library older than scala-reflect -->
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.spark</groupId>
        <artifactId>spark-parent_2.13</artifactId>
        <version>$1</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.apache.spark</groupId>
      <artifactId>spark-mllib_2.13</artifactId>
      <version>$1</version>
    </dependency>
  </dependencies>
</project>
POM
  quiet mvn -B -q -f "$dir/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=classpath ||
    { echo "spark-matrix: could not resolve spark-mllib_2.13:$1 (above)" >&2; return 1; }
}

# shellcheck source=scripts/_blas-kernel.sh
source scripts/_blas-kernel.sh
declare -A built_spark=()
spark_classpath 4.0.1
IFS=: read -ra jars <target/spark-4.0.1/classpath || true # no newline at its end
for j in "${jars[@]}"; do built_spark[$(jar_key "$j")]=1; done
summary=() failed=0 passed_all=0 failed_all=0
for v in "${versions[@]}"; do
  echo "spark-matrix: Spark $v: resolving its jars"
  spark_classpath "$v"
  IFS=: read -ra spark_jars <"target/spark-$v/classpath" || true # no newline at its end
  declare -A have=()
  for j in "${spark_jars[@]}"; do have[$(jar_key "$j")]=1; done
  # The resolved Spark jars must be VERSION's, and scala-library of scala-reflect's version.
  bad=$(printf '%s\n' "${spark_jars[@]}" | grep '/org/apache/spark/' | grep -v -- "-$v\.jar$" || true)
  [[ -z $bad ]] || { echo "spark-matrix: Spark $v resolved other Spark jars: $bad" >&2; exit 1; }
  scala=$(printf '%s\n' "${spark_jars[@]}" | grep -oE '/scala-(library|reflect)-[0-9.]+\.jar$' |
    sed -E 's/.*-([0-9.]+)\.jar$/\1/' | sort -u)
  [[ $(wc -l <<<"$scala") == 1 ]] ||
    { echo "spark-matrix: Spark $v: scala-library and scala-reflect differ:" $scala >&2; exit 1; }
  echo "spark-matrix: Spark $v: ${#spark_jars[@]} jars, Scala $scala"
  cp=(target/test-classes target/classes "${spark_jars[@]}")
  IFS=: read -ra app_jars <target/spark-matrix/app.classpath || true # no newline at its end
  for j in "${app_jars[@]}"; do
    k=$(jar_key "$j")
    # spark-connect (test scope, 4.0.1) is Spark's too, and not in VERSION's mllib tree
    [[ $j == */org/junit/* || $j == */org/apache/spark/spark-connect_* || -n ${have[$k]:-} || -n ${built_spark[$k]:-} ]] ||
      cp+=("$j")
  done
  cp+=("$launcher")
  dups=$(printf '%s\n' "${cp[@]}" | grep '\.jar$' | while read -r j; do jar_key "$j"; done | sort | uniq -d |
    grep -v '/io/netty/netty-' || true) # netty's native jars: one a platform, same version
  [[ -z $dups ]] || { echo "spark-matrix: Spark $v: more than one version of: $dups" >&2; exit 1; }
  unset have
  (IFS=:; echo "${cp[*]}") >"target/spark-$v/test.classpath"
  choose_blas_kernel "target/classes:$(IFS=:; echo "${spark_jars[*]}")"
  echo "spark-matrix: Spark $v: ${#SUBSET[@]} test classes, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset: OpenBLAS chooses)}"
  select=()
  for c in "${SUBSET[@]}"; do select+=(--select-class "$c"); done
  start=$SECONDS rc=0
  OPENBLAS_NUM_THREADS=1 "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${jvm_opts[@]}" \
    -cp "$(IFS=:; echo "${cp[*]}")" org.junit.platform.console.ConsoleLauncher execute \
    --disable-banner --details=summary --details-theme=ascii --exclude-tag=pinned-bits \
    --reports-dir="target/spark-$v/reports" "${select[@]}" 2>&1 | tee "target/spark-$v/test.log" || rc=$?
  counts=$(grep -E '^\[ *[0-9]+ tests (successful|failed|skipped) *\]' "target/spark-$v/test.log" |
    sed -E 's/^\[ *([0-9]+) tests ([a-z]+) *\]/\1 \2/' | paste -sd, - || true)
  ((rc == 0)) || failed=1
  # a class that fails before its tests (a @BeforeAll, a missing class) counts as one failure
  n() { grep -oE "^\[ *[0-9]+ $1" "target/spark-$v/test.log" | grep -oE '[0-9]+' || echo 0; }
  passed_all=$((passed_all + $(n 'tests successful')))
  failed_all=$((failed_all + $(n 'tests failed') + $(n 'containers failed')))
  summary+=("Spark $v: $( ((rc == 0)) && echo PASSED || echo "FAILED (exit $rc)"), ${counts:-no counts}, $((SECONDS - start)) s")
done
echo "spark-matrix: the subset compiled against Spark 4.0.1, run on:"
printf '  %s\n' "${summary[@]}"
echo "spark-matrix: $passed_all passed, $failed_all failed"
exit "$failed"
