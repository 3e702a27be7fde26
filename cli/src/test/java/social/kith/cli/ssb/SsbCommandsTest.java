package social.kith.cli.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import social.kith.ssb.FeedPublisher;
import social.kith.ssb.SecretFile;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonBoolean;
import social.kith.ssb.json.JsonNull;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;
import social.kith.testkit.SharedData;

/** {@code kith ssb keygen} and {@code kith ssb verify}, run through picocli with captured streams. */
class SsbCommandsTest {
  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString().replace("\r\n", "\n"), err.toString());
  }

  private static JsonValue load(String relative) throws IOException {
    return JsonParser.withLimits(64, 16 << 20).parse(Files.readString(SharedData.path("vectors/ssb/" + relative)));
  }

  @Test
  void keygenWritesA0600SecretAndPrintsOnlyTheId(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("ssb").resolve("secret");
    Run r = run(new SsbKeygenCommand(), "--out", secret.toString());
    assertEquals(0, r.code(), r.err());
    SsbKeyPair keys = SecretFile.read(secret);
    assertEquals(keys.id() + "\n", r.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    String before = Files.readString(secret);
    // Never overwritten: exit 2, one line on stderr, nothing on stdout, the file unchanged.
    Run again = run(new SsbKeygenCommand(), "--out", secret.toString());
    assertEquals(2, again.code());
    assertEquals("", again.out());
    assertEquals(1, again.err().strip().lines().count(), again.err());
    assertTrue(again.err().contains("refusing to overwrite"));
    assertEquals(before, Files.readString(secret));
  }

  @Test
  void keygenWithoutOutPrintsTheSecretFileToARedirectedStdout() {
    // Surefire's stdout is not a terminal (System.console() is null), as with `kith ssb keygen > secret`.
    Run r = run(new SsbKeygenCommand());
    assertEquals(0, r.code(), r.err());
    SsbKeyPair keys = SecretFile.parse(r.out());
    assertTrue(r.out().contains(keys.id().toString()), r.out());
    assertEquals("", r.err());
  }

  @Test
  void verifiesTheRealMainNetMessagesAsKeyValuePairs(@TempDir Path dir) throws IOException {
    List<JsonValue> messages = ((JsonArray) ((JsonObject) load("go-ssb-legacy/messages.json")).get("messages").orElseThrow()).values();
    List<JsonValue> kvs = new ArrayList<>();
    for (JsonValue m : messages) {
      JsonObject o = (JsonObject) m;
      kvs.add(JsonObject.builder().put("key", o.get("key").orElseThrow()).put("value", o.get("value").orElseThrow()).build());
    }
    Path file = dir.resolve("messages.json");
    Files.writeString(file, V8Json.stringify(new JsonArray(kvs)));
    // The vectors are one author's feed, sequence 1 to 235, in order.
    Run all = run(new SsbVerifyCommand(), file.toString());
    assertEquals(0, all.code(), all.out() + all.err());
    assertEquals(List.of("235 valid, 0 invalid"), all.lines());
    // From the middle: the first message in the file is judged as the feed's first, and fails.
    Path tail = dir.resolve("tail.json");
    Files.writeString(tail, V8Json.stringify(new JsonArray(kvs.subList(100, 235))));
    Run strict = run(new SsbVerifyCommand(), tail.toString());
    assertEquals(1, strict.code(), strict.out());
    List<String> lines = strict.lines();
    assertEquals("0 valid, 135 invalid", lines.get(lines.size() - 1));
    assertEquals(136, lines.size());
    for (int i = 0; i < 135; i++) {
      String key = ((JsonString) ((JsonObject) kvs.get(100 + i)).get("key").orElseThrow()).value();
      assertTrue(lines.get(i).startsWith(i + " " + key + " INVALID_FIRST_MESSAGE: "), lines.get(i));
    }
    // --trust-first lets the feed start there: the signatures and the chain after it are still checked.
    Run trusted = run(new SsbVerifyCommand(), "--trust-first", tail.toString());
    assertEquals(0, trusted.code(), trusted.out() + trusted.err());
    assertEquals(List.of("135 valid, 0 invalid"), trusted.lines());
    // A key that does not match its value is reported, and so is a changed value.
    JsonObject first = (JsonObject) kvs.get(2);
    JsonObject wrongKey = first.with("key", kvs.get(3) instanceof JsonObject o ? o.get("key").orElseThrow() : JsonNull.INSTANCE);
    Path two = dir.resolve("two.jsonl");
    Files.writeString(two, V8Json.stringifyCompact(first) + "\n\n" + V8Json.stringifyCompact(wrongKey) + "\n");
    Run mismatch = run(new SsbVerifyCommand(), "--trust-first", two.toString());
    assertEquals(1, mismatch.code(), mismatch.out() + mismatch.err());
    assertEquals(List.of("1 " + ((JsonString) first.get("key").orElseThrow()).value() + " KEY_MISMATCH: the key beside the value is not its id",
        "1 valid, 1 invalid"), mismatch.lines());
  }

  @Test
  void firstMessagesOfTheValidationDatasetGetTheReferenceVerdicts(@TempDir Path dir) throws IOException {
    int checked = 0;
    for (JsonValue e : ((JsonArray) load("ssb-validation-dataset/data.json")).values()) {
      JsonObject entry = (JsonObject) e;
      if (!(entry.get("state").orElseThrow() instanceof JsonNull)) {
        continue; // a mid-feed state cannot be expressed in a file; ValidationDatasetTest covers those
      }
      JsonValue hmac = entry.get("hmacKey").orElseThrow();
      if (!(hmac instanceof JsonNull) && !(hmac instanceof JsonString)) {
        continue;
      }
      Path file = dir.resolve("entry" + checked + ".json");
      Files.writeString(file, "[" + V8Json.stringify(entry.get("message").orElseThrow()) + "]");
      List<String> args = new ArrayList<>();
      if (hmac instanceof JsonString s) {
        args.add("--hmac-key=" + s.value());
      }
      args.add(file.toString());
      Run r = run(new SsbVerifyCommand(), args.toArray(String[]::new));
      boolean valid = entry.get("valid").orElseThrow() == JsonBoolean.TRUE;
      if (r.code() == 2) {
        // An hmac key that ssb-validate refuses as a configuration error: never a valid verdict.
        assertFalse(valid, r.err());
        assertTrue(r.err().startsWith("kith ssb verify: --hmac-key"), r.err());
      } else {
        assertEquals(valid ? 0 : 1, r.code(), r.out());
        assertEquals(valid ? "1 valid, 0 invalid" : "0 valid, 1 invalid", r.lines().get(r.lines().size() - 1));
        if (valid) {
          assertEquals(List.of("1 valid, 0 invalid"), r.lines());
        } else {
          assertTrue(r.lines().get(0).startsWith("0 "), r.out());
        }
      }
      checked++;
    }
    assertTrue(checked > 40, "checked " + checked);
  }

  @Test
  void interleavedFeedsInJsonLinesWithOneCorruption(@TempDir Path dir) throws IOException {
    FeedPublisher a = FeedPublisher.builder().signer(SsbKeyPair.generate().signer())
        .clock(InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L))).build();
    FeedPublisher b = FeedPublisher.builder().signer(SsbKeyPair.generate().signer())
        .clock(InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L))).build();
    List<JsonValue> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.add(a.publish(JsonObject.builder().put("type", "post").put("text", "a" + i).build()).value());
      lines.add(b.publish(JsonObject.builder().put("type", "post").put("text", "b" + i).build()).value());
    }
    JsonObject edited = ((JsonObject) lines.get(4)).with("content", JsonObject.builder().put("type", "post").put("text", "x").build());
    lines.set(4, edited);
    Path file = dir.resolve("feeds.jsonl");
    Files.writeString(file, lines.stream().map(V8Json::stringifyCompact).collect(Collectors.joining("\n")) + "\n");
    Run r = run(new SsbVerifyCommand(), file.toString());
    assertEquals(1, r.code());
    // a's third message fails its signature; a's later messages then skip ahead of its state.
    String id4 = SsbMessage.idOf(edited).toString();
    assertEquals("4 " + id4 + " SIGNATURE_INVALID: invalid signature, on feed: " + a.feedId(), r.lines().get(0));
    assertTrue(r.lines().get(1).startsWith("6 %"), r.out());
    assertTrue(r.lines().get(1).contains("SEQUENCE_GAP"), r.out());
    assertTrue(r.lines().get(2).startsWith("8 %") && r.lines().get(2).contains("SEQUENCE_GAP"), r.out());
    assertEquals("7 valid, 3 invalid", r.lines().get(3));
    assertEquals(4, r.lines().size());
    Files.writeString(file, lines.subList(0, 4).stream().map(V8Json::stringifyCompact).collect(Collectors.joining("\n")));
    Run ok = run(new SsbVerifyCommand(), file.toString());
    assertEquals(0, ok.code(), ok.out());
    assertEquals(List.of("4 valid, 0 invalid"), ok.lines());
  }

  @Test
  void unreadableOrUnparseableFilesExitTwoWithOneLine(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.json");
    Path garbage = dir.resolve("garbage.json");
    Files.writeString(garbage, "{\"not\": json\n");
    Path badArray = dir.resolve("bad.json");
    Files.writeString(badArray, "[1, 2,");
    Path binary = dir.resolve("binary.json");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    for (Path p : List.of(missing, garbage, badArray, binary, dir)) {
      Run r = run(new SsbVerifyCommand(), p.toString());
      assertEquals(2, r.code(), p + ": " + r.out());
      assertEquals("", r.out());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    Run badKey = run(new SsbVerifyCommand(), "--hmac-key", "short", garbage.toString());
    assertEquals(2, badKey.code());
    assertEquals("", badKey.out());
  }
}
