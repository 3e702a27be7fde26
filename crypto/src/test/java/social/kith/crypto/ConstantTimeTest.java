package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import social.kith.testkit.SharedData;

/**
 * Checklist item 8: secret bytes are compared with {@link ConstantTime#equals} (which is {@code
 * MessageDigest.isEqual}), and a static check over every module's main sources forbids the
 * variable-time alternatives.
 *
 * <p>The rule, per line of {@code * /src/main/java/** /*.java}:
 * <ul>
 *   <li>{@code Arrays.equals(} is forbidden everywhere;</li>
 *   <li>{@code .equals(} / {@code Objects.equals(} / {@code contentEquals(} is forbidden when the
 *       receiver or an argument is named like a secret comparison target: an identifier ending in
 *       mac, hmac, digest, signature, sig, tag or hash (optionally followed by bytes, b64, base64,
 *       hex or string), such as {@code expectedDigest.equals(actual)};</li>
 *   <li>a line carrying a {@code // not secret:} comment with a justification is exempt.</li>
 * </ul>
 */
class ConstantTimeTest {
  static final String EXEMPTION = "// not secret:";
  private static final Pattern CONSTANT_TIME =
      Pattern.compile("\\bConstantTime\\s*\\.\\s*equals\\s*\\(");
  private static final Pattern ARRAYS_EQUALS = Pattern.compile("\\bArrays\\s*\\.\\s*equals\\s*\\(");
  private static final String SECRET_NAME =
      "[A-Za-z0-9_]*(?i:mac|digest|signature|sig|tag|hash)(?i:bytes|b64|base64|hex|string)?";
  private static final Pattern SECRET_RECEIVER = Pattern.compile(
      "\\b" + SECRET_NAME + "(\\(\\))?\\s*\\.\\s*(equals|contentEquals|equalsIgnoreCase)\\s*\\(");
  private static final Pattern SECRET_ARGUMENT = Pattern.compile(
      "(\\.|\\bObjects\\s*\\.\\s*)(equals|contentEquals|equalsIgnoreCase)\\s*\\(([^()]*,\\s*)?\\s*"
          + SECRET_NAME + "\\b");

  /** The violations in one source text, as "line N: text". */
  static List<String> violations(String source) {
    List<String> out = new ArrayList<>();
    String[] lines = source.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String code = line.strip();
      if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
        continue;
      }
      if (line.contains(EXEMPTION)) {
        continue;
      }
      // ConstantTime.equals is the approved comparison; take it out before matching.
      String checked = CONSTANT_TIME.matcher(line).replaceAll("ConstantTime.approved(");
      if (ARRAYS_EQUALS.matcher(checked).find() || SECRET_RECEIVER.matcher(checked).find()
          || SECRET_ARGUMENT.matcher(checked).find()) {
        out.add("line " + (i + 1) + ": " + code);
      }
    }
    return out;
  }

  @Test
  void scannerFlagsVariableTimeComparisons() {
    assertEquals(1, violations("if (Arrays.equals(expected, actual)) {").size());
    assertEquals(1, violations("return java.util.Arrays.equals(a, b);").size());
    assertEquals(1, violations("ok = expectedDigest.equals(actualDigest);").size());
    assertEquals(1, violations("ok = computedSignatureB64.equals(header.value());").size());
    assertEquals(1, violations("ok = header.value().equals(computedSignatureB64);").size());
    assertEquals(1, violations("ok = Objects.equals(tag, other);").size());
    assertEquals(1, violations("ok = Objects.equals(other, expectedMac);").size());
    assertEquals(1, violations("ok = hmacHex.equalsIgnoreCase(given);").size());
    assertEquals(1, violations("ok = sig().equals(given);").size());
    assertEquals(2, violations("a = Arrays.equals(x, y);\nb = 1;\nc = digest.equals(d);").size());
    assertEquals("line 3: c = digest.equals(d);",
        violations("a = 0;\nb = 1;\nc = digest.equals(d);").get(0));
  }

  @Test
  void scannerAllowsJustifiedAndUnrelatedLines() {
    assertTrue(violations("if (Arrays.equals(oid, RSA_OID)) { // not secret: public OID").isEmpty());
    assertTrue(violations("return ConstantTime.equals(expectedMac, actual);").isEmpty());
    assertTrue(violations("return MessageDigest.isEqual(a, b);").isEmpty());
    assertTrue(violations("return ConstantTime.equals(Hmac.sha256(secret, message), signature);").isEmpty());
    assertTrue(violations("if (label.equals(PUBLIC_KEY)) {").isEmpty());
    assertTrue(violations("if (\"hs2019\".equals(algorithm)) {").isEmpty());
    assertTrue(violations("// Arrays.equals(a, b) is forbidden").isEmpty());
    assertTrue(violations(" * never {@code Arrays.equals}").isEmpty());
  }

  /** The check itself: no main source file in the repository compares secrets in variable time. */
  @Test
  void noMainSourceComparesSecretsWithVariableTime() throws IOException {
    Path root = SharedData.repositoryRoot();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources = walk
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> {
            String rel = root.relativize(p).toString().replace('\\', '/');
            return rel.matches("[^/]+/src/main/java/.*") && !rel.contains("/target/");
          })
          .collect(Collectors.toList());
    }
    assertTrue(sources.stream().anyMatch(p -> p.endsWith("social/kith/crypto/Hmac.java")),
        "the scan must cover crypto's own sources (scanned " + sources.size() + " files)");
    List<String> found = new ArrayList<>();
    for (Path p : sources) {
      try {
        for (String v : violations(Files.readString(p))) {
          found.add(root.relativize(p) + " " + v);
        }
      } catch (UncheckedIOException e) {
        throw new AssertionError("cannot read " + p, e);
      }
    }
    assertTrue(found.isEmpty(), "Use ConstantTime.equals (MessageDigest.isEqual) for MACs, digests, "
        + "tags and signatures, or justify with '" + EXEMPTION + " ...':\n" + String.join("\n", found));
  }

  @Test
  void constantTimeEquals() {
    assertTrue(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2}));
    assertFalse(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 3}));
    assertFalse(ConstantTime.equals(new byte[] {2, 2}, new byte[] {1, 2}));
    assertFalse(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2, 3}));
    assertFalse(ConstantTime.equals(new byte[] {1}, null));
    assertTrue(ConstantTime.equals(null, null));
    assertTrue(ConstantTime.equals(new byte[0], new byte[0]));
  }

  /** Tags differing in the first or the last byte take the same verdict path. */
  @Test
  void hmacVerdictDoesNotDependOnWhereTagsDiffer() {
    HmacSha256Key key = HmacSha256Key.generate();
    byte[] msg = {1, 2, 3};
    byte[] first = key.sign(msg);
    byte[] last = key.sign(msg);
    first[0] ^= 1;
    last[31] ^= 1;
    assertFalse(key.verify(msg, first));
    assertFalse(key.verify(msg, last));
  }
}
