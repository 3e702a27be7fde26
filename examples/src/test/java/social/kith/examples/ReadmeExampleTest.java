package social.kith.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.kith.testkit.SharedData;

/**
 * Every Java block in README.md marked {@code <!-- readme-example: ClassName -->} is extracted,
 * compiled against Kith and run, so the README never shows code that does not work. The tour's
 * snippets, marked {@code <!-- readme-snippet: Name (Type name, ...) -->}, are statements: each is
 * wrapped in a method whose parameters are the names it uses from earlier snippets, with
 * {@link #SNIPPET_IMPORTS} (which the README states), and compiled.
 */
class ReadmeExampleTest {
  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- readme-example: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- readme-snippet: (\\w+) \\(([^)]*)\\) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  /** The imports every tour snippet gets; the README's tour lists the same packages. */
  static final List<String> SNIPPET_IMPORTS = List.of("java.net.URI", "java.nio.file.Path", "java.util.*",
      "social.kith.core.*", "social.kith.core.event.*", "social.kith.core.feed.*", "social.kith.core.model.*",
      "social.kith.activitypub.adapter.ApAdapter", "social.kith.ssb.adapter.SsbAdapter",
      "social.kith.ssb.peer.PeerNetwork");

  record Example(String className, String source) {}

  record Snippet(String name, String parameters, String body) {
    /** A class with the snippet as the body of {@code static void run(parameters)}. */
    Example asClass() {
      StringBuilder src = new StringBuilder();
      SNIPPET_IMPORTS.forEach(i -> src.append("import ").append(i).append(";\n"));
      src.append("public class Tour").append(name).append(" {\n  static void run(").append(parameters)
          .append(") throws Exception {\n").append(body).append("  }\n}\n");
      return new Example("Tour" + name, src.toString());
    }
  }

  static List<Snippet> snippets() throws IOException {
    String readme = Files.readString(SharedData.repositoryRoot().resolve("README.md"));
    List<Snippet> out = new ArrayList<>();
    Matcher m = SNIPPET.matcher(readme);
    while (m.find()) {
      out.add(new Snippet(m.group(1), m.group(2).strip(), m.group(3)));
    }
    return out;
  }

  static List<Example> examples() throws IOException {
    String readme = Files.readString(SharedData.repositoryRoot().resolve("README.md"));
    List<Example> out = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(readme);
    while (m.find()) {
      out.add(new Example(m.group(1), m.group(2)));
    }
    return out;
  }

  @Test
  void theReadmeHasTheEmbeddingExampleAndItIsShort() throws IOException {
    List<Example> examples = examples();
    assertFalse(examples.isEmpty(), "README.md has no <!-- readme-example: ... --> block");
    Example hello = examples.get(0);
    long lines = hello.source().lines().filter(l -> !l.isBlank() && !l.strip().startsWith("import ")).count();
    assertTrue(lines <= 12, "the embedding example should stay about 10 lines, has " + lines);
  }

  @Test
  void theTourHasFiveShortSnippets() throws IOException {
    List<Snippet> tour = snippets();
    assertEquals(5, tour.size(), "README.md's tour has five <!-- readme-snippet: ... --> blocks: " + tour);
    for (Snippet s : tour) {
      long lines = s.body().lines().filter(l -> !l.isBlank() && !l.strip().startsWith("//")).count();
      assertTrue(lines <= 16, s.name() + " should stay short, has " + lines + " lines");
    }
  }

  @Test
  void everyTourSnippetCompilesAgainstTheRealApi(@TempDir Path tmp) throws Exception {
    for (Snippet s : snippets()) {
      compile(tmp, s.asClass());
    }
  }

  @Test
  void aSnippetThatCallsNoSuchMethodFailsToCompile(@TempDir Path tmp) {
    Example broken = new Snippet("Broken", "Kith kith", "    kith.boostEverywhere();\n").asClass();
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> compile(tmp, broken));
    assertTrue(e.getMessage().contains("boostEverywhere"), e.getMessage());
  }

  private static void compile(Path tmp, Example example) throws IOException {
    Path src = tmp.resolve(example.className() + ".java");
    Files.writeString(src, example.source());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    List<String> args = List.of("-d", tmp.toString(), "-classpath", System.getProperty("java.class.path"),
        "--release", "17", src.toString());
    int rc = javac.run(null, null, new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        diagnostics.write(b);
      }
    }, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
    assertEquals(0, rc, example.className() + " does not compile:\n" + diagnostics + "\n" + example.source());
  }

  @Test
  void everyReadmeExampleCompilesAndRuns(@TempDir Path tmp) throws Exception {
    for (Example example : examples()) {
      compile(tmp, example);

      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream previous = System.out;
      try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
          ReadmeExampleTest.class.getClassLoader())) {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Method main = loader.loadClass(example.className()).getMethod("main", String[].class);
        main.invoke(null, (Object) new String[0]);
      } finally {
        System.setOut(previous);
      }
      if (example.className().equals("Hello")) {
        assertEquals("true", captured.toString(StandardCharsets.UTF_8).strip());
      }
    }
  }
}
