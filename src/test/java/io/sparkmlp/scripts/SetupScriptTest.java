package io.sparkmlp.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/setup.sh} against an {@code ldconfig -p} far larger than a pipe's 64 KiB buffer,
 * with the BLAS entry on its first line: a reader that stops at the match would kill the writer
 * with SIGPIPE, and under {@code set -o pipefail} the script would exit 141 (as it once did in
 * CI). A stand-in {@code ldconfig} first on the PATH prints that cache; java and mvn are real.
 */
class SetupScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  @Test
  void findsOpenBlasInACacheLargerThanThePipeBuffer(@TempDir Path tmp) throws Exception {
    // A libblas.so.3 that resolves to a path naming OpenBLAS, as Debian's alternatives do.
    Path lib = Files.createDirectories(tmp.resolve("openblas-pthread")).resolve("libblas.so.3");
    Files.writeString(lib, "");
    Path cache = tmp.resolve("ld.so.cache.txt");
    StringBuilder sb = new StringBuilder("1 libs found in cache `/etc/ld.so.cache'\n");
    sb.append("\tlibblas.so.3 (libc6,x86-64) => ").append(lib).append('\n');
    for (int i = 0; sb.length() < 1 << 20; i++) {
      sb.append("\tlibfiller").append(i).append(".so.1 (libc6,x86-64) => /usr/lib/libfiller")
          .append(i).append(".so.1\n");
    }
    Files.writeString(cache, sb);
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path ldconfig = bin.resolve("ldconfig");
    Files.writeString(ldconfig, "#!/bin/sh\nexec cat '" + cache + "'\n");
    assertTrue(ldconfig.toFile().setExecutable(true));

    ProcessBuilder pb = new ProcessBuilder("bash", "scripts/setup.sh", "--no-build")
        .directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "setup.sh did not finish in 60 s:\n" + out);

    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("setup: native BLAS: OpenBLAS found (" + lib.toRealPath() + ")"), out);
    assertTrue(out.matches("(?s).*setup: tools: java \\d+[^,]*, .*mvn\\n.*"), out);
  }

  @Test
  void unknownArgumentIsAUsageError() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "scripts/setup.sh", "--fast")
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.startsWith("setup: unknown argument '--fast'"), out);
  }
}
