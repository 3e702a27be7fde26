package social.kith.cli.ssb;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import social.kith.cli.ExitCode;
import social.kith.ssb.FeedState;
import social.kith.ssb.HmacKey;
import social.kith.ssb.MessageId;
import social.kith.ssb.MessageValidator;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbMessage;
import social.kith.ssb.ValidationResult;
import social.kith.ssb.json.JsonArray;
import social.kith.ssb.json.JsonNumber;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;

/**
 * {@code kith ssb verify FILE}: validates classic messages with ssb-validate 4.1.4's verdicts.
 *
 * <p>FILE is a JSON array or JSON lines (one message per non-blank line); each message is the bare
 * signed value or ssb-db's {@code {key, value}} (a given {@code key} must equal the computed id, or
 * the message is invalid). Messages are in feed order per author; several authors may be
 * interleaved. A feed's first message in the file is judged as the first message of the feed
 * (previous null, sequence 1), unless {@code --trust-first} is given: then a feed may start
 * mid-way, its first message's {@code previous} and {@code sequence} are taken as the state before
 * it (the signature, shape and everything after it are still checked). An invalid message leaves its
 * feed's state unchanged, exactly as ssb-validate does.
 *
 * <p>stdout: one line per invalid message, {@code <index> <id or -> <CODE>: <reason>} (index counts
 * messages from 0 in file order; the id is the computed one, {@code -} when the message is not an
 * object), then exactly {@code N valid, M invalid}. Exit 0 when all are valid, 1 otherwise, 2 when
 * FILE cannot be read or parsed (one line on stderr). Signatures are verified on all cores.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Validate SSB classic messages (JSON array or JSON lines; bare values or {key, value}).",
        "Prints '<index> <id> <reason>' per invalid message, then 'N valid, M invalid'."})
public final class SsbVerifyCommand implements Callable<Integer> {
  /** Largest FILE read. */
  public static final long MAX_FILE_BYTES = 1L << 30;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Messages as a JSON array or JSON lines.")
  Path file;

  @Option(names = "--hmac-key", paramLabel = "BASE64",
      description = "The network's sign-cap (test networks); default: the main network.")
  String hmacKey;

  @Option(names = "--trust-first",
      description = "Let each feed start mid-way: its first message's previous/sequence are trusted as the state.")
  boolean trustFirst;

  @Option(names = "--json",
      description = "Print one JSON object: {\"valid\": N, \"invalid\": M, \"errors\": [{index, id, code, reason}]}.")
  boolean json;

  private record Entry(JsonValue value, Optional<String> key) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MessageValidator validator;
    try {
      validator = hmacKey == null ? MessageValidator.mainNet() : MessageValidator.withHmacKey(HmacKey.fromBase64(hmacKey));
    } catch (SsbException e) {
      err.println("kith ssb verify: --hmac-key: " + SsbKeygenCommand.oneLine(e.getMessage()));
      return ExitCode.BAD_INPUT;
    }
    List<Entry> entries;
    try {
      entries = read(file);
    } catch (IOException e) {
      err.println("kith ssb verify: cannot read " + file + ": " + SsbKeygenCommand.oneLine(String.valueOf(e.getMessage())));
      return ExitCode.BAD_INPUT;
    } catch (SsbException e) {
      err.println("kith ssb verify: " + file + " is not JSON messages: " + SsbKeygenCommand.oneLine(e.getMessage()));
      return ExitCode.BAD_INPUT;
    }
    String[] refused = new String[entries.size()];
    List<JsonValue> batch = new ArrayList<>();
    List<Integer> batchIndex = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.key().isPresent()) {
        String computed = SsbMessage.idOf((JsonObject) e.value()).toString();
        if (!computed.equals(e.key().get())) {
          refused[i] = "KEY_MISMATCH: the key beside the value is not its id";
          continue;
        }
      }
      batch.add(e.value());
      batchIndex.add(i);
    }
    Map<String, FeedState> states = trustFirst ? trustedStates(batch) : Map.of();
    MessageValidator.FeedsValidation verdicts = validator.validateFeeds(states, batch, ForkJoinPool.commonPool());
    for (int j = 0; j < batch.size(); j++) {
      if (verdicts.results().get(j) instanceof ValidationResult.Invalid inv) {
        refused[batchIndex.get(j)] = inv.code().name() + ": " + inv.reason();
      }
    }
    int invalid = 0;
    List<Map<String, Object>> errors = new ArrayList<>();
    for (int i = 0; i < refused.length; i++) {
      if (refused[i] != null) {
        invalid++;
        JsonValue v = entries.get(i).value();
        String id = v instanceof JsonObject o ? SsbMessage.idOf(o).toString() : "-";
        if (json) {
          int colon = refused[i].indexOf(": ");
          Map<String, Object> e = new java.util.LinkedHashMap<>();
          e.put("index", i);
          e.put("id", v instanceof JsonObject ? id : null);
          e.put("code", colon < 0 ? refused[i] : refused[i].substring(0, colon));
          e.put("reason", colon < 0 ? "" : refused[i].substring(colon + 2));
          errors.add(e);
        } else {
          out.println(i + " " + id + " " + SsbKeygenCommand.oneLine(refused[i]));
        }
      }
    }
    if (json) {
      Map<String, Object> summary = new java.util.LinkedHashMap<>();
      summary.put("valid", entries.size() - invalid);
      summary.put("invalid", invalid);
      summary.put("errors", errors);
      out.println(social.kith.cli.Json.object(summary));
    } else {
      out.println((entries.size() - invalid) + " valid, " + invalid + " invalid");
    }
    out.flush();
    return invalid == 0 ? ExitCode.OK : ExitCode.NEGATIVE;
  }

  /** For --trust-first: each author's state before its first message in the file, when it claims one. */
  private static Map<String, FeedState> trustedStates(List<JsonValue> messages) {
    Map<String, FeedState> states = new HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonValue m : messages) {
      if (!(m instanceof JsonObject o) || !(o.get("author").orElse(null) instanceof JsonString a) || !seen.add(a.value())) {
        continue;
      }
      if (o.get("previous").orElse(null) instanceof JsonString prev && MessageId.isValid(prev.value())
          && o.get("sequence").orElse(null) instanceof JsonNumber n && n.value() >= 2 && n.value() <= Integer.MAX_VALUE
          && n.value() == Math.rint(n.value())) {
        states.put(a.value(), new FeedState(MessageId.parse(prev.value()), (int) n.value() - 1, Double.NaN));
      }
    }
    return states;
  }

  static List<Entry> read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new IOException("not UTF-8");
    }
    List<JsonValue> values = new ArrayList<>();
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("[")) {
      JsonParser whole = JsonParser.withLimits(JsonParser.DEFAULT_MAX_DEPTH + 1, Math.max(1, text.length()));
      values.addAll(((JsonArray) whole.parse(text)).values());
    } else {
      int lineNo = 0;
      for (String line : text.split("\r?\n", -1)) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          values.add(JsonParser.DEFAULT.parse(line));
        } catch (SsbException e) {
          throw new SsbException(social.kith.ssb.SsbError.JSON_SYNTAX, "line " + lineNo + ": " + e.getMessage(), e);
        }
      }
    }
    List<Entry> entries = new ArrayList<>(values.size());
    for (JsonValue v : values) {
      if (v instanceof JsonObject o && o.get("value").orElse(null) instanceof JsonObject value
          && !o.has("signature") && !o.has("author")) {
        Optional<String> key = o.get("key").filter(k -> k instanceof JsonString).map(k -> ((JsonString) k).value());
        if (o.has("key") && key.isEmpty()) {
          key = Optional.of(String.valueOf(o.get("key").orElseThrow()));
        }
        entries.add(new Entry(value, key));
      } else {
        entries.add(new Entry(v, Optional.empty()));
      }
    }
    return entries;
  }
}
