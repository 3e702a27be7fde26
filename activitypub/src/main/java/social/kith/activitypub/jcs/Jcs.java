package social.kith.activitypub.jcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import social.kith.core.internal.EcmaNumber;

/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by the UTF-16 code units of their
 * names, no whitespace, strings escaped as ECMAScript's {@code JSON.stringify} escapes them, and
 * numbers written by ECMAScript {@code Number::toString} (shared with the SSB module). Used for {@code eddsa-jcs-2022} integrity proofs.
 *
 * <p>Input limits (checklist item 31), refused with {@link JcsException.Reason#LIMIT_EXCEEDED}:
 * {@link #MAX_DOCUMENT_BYTES} bytes, nesting depth {@link #MAX_DEPTH}, strings and names of
 * {@link #MAX_STRING_LENGTH} characters, numbers of {@link #MAX_NUMBER_LENGTH} characters.
 * Duplicate member names, lone surrogates and numbers beyond the double range are
 * {@link JcsException.Reason#NOT_I_JSON}. Thread-safe.
 */
public final class Jcs {
  /** The largest document read. */
  public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
  /** The deepest nesting of arrays and objects. */
  public static final int MAX_DEPTH = 64;
  /** The longest string or member name, in characters. */
  public static final int MAX_STRING_LENGTH = 512 * 1024;
  /** The longest number literal, in characters. */
  public static final int MAX_NUMBER_LENGTH = 128;

  private static final ObjectMapper MAPPER = mapper();

  private Jcs() {}

  private static ObjectMapper mapper() {
    JsonFactory f = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxDocumentLength(MAX_DOCUMENT_BYTES)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return JsonMapper.builder(f)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** The canonical UTF-8 bytes of the JSON text {@code json}. */
  public static byte[] canonicalize(byte[] json) {
    return canonicalize(parse(json)).getBytes(UTF_8);
  }

  /** The canonical form of the JSON text {@code json}. */
  public static String canonicalize(String json) {
    return canonicalize(parse(json.getBytes(UTF_8)));
  }

  /**
   * Parses JSON under the limits above (for callers that edit the tree before canonicalising).
   * Package-visible types only: the tree is Jackson's, kept out of the public API.
   */
  static JsonNode parse(byte[] json) {
    if (json.length > MAX_DOCUMENT_BYTES) {
      throw new JcsException(JcsException.Reason.LIMIT_EXCEEDED,
          "document over " + MAX_DOCUMENT_BYTES + " bytes");
    }
    try (JsonParser p = MAPPER.createParser(json)) {
      JsonNode node = MAPPER.readTree(p);
      if (node == null) {
        throw new JcsException(JcsException.Reason.MALFORMED, "empty document");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new JcsException(JcsException.Reason.LIMIT_EXCEEDED, "JSON over a parser limit", e);
    } catch (JsonProcessingException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.startsWith("Duplicate field")) {
        throw new JcsException(JcsException.Reason.NOT_I_JSON, "duplicate member name", e);
      }
      if (m.contains("surrogate")) {
        throw new JcsException(JcsException.Reason.NOT_I_JSON, "lone surrogate", e);
      }
      throw new JcsException(JcsException.Reason.MALFORMED, "malformed JSON", e);
    } catch (IOException e) {
      throw new JcsException(JcsException.Reason.MALFORMED, "unreadable JSON", e);
    }
  }

  /** The canonical form of a parsed tree. */
  static String canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(sb, node);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonNode root) {
    // Iterative over an explicit stack: depth is bounded by the parser, but trees built in code
    // are not, and recursion must never be the limit.
    List<Object> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      Object top = stack.remove(stack.size() - 1);
      if (top instanceof String) {
        sb.append((String) top);
        continue;
      }
      JsonNode n = (JsonNode) top;
      if (n.isObject()) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          members.add(it.next());
        }
        members.sort(Map.Entry.comparingByKey()); // String.compareTo orders by UTF-16 code units
        sb.append('{');
        List<Object> pending = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
          StringBuilder name = new StringBuilder();
          if (i > 0) {
            name.append(',');
          }
          string(name, members.get(i).getKey());
          name.append(':');
          pending.add(name.toString());
          pending.add(members.get(i).getValue());
        }
        pending.add("}");
        for (int i = pending.size() - 1; i >= 0; i--) {
          stack.add(pending.get(i));
        }
      } else if (n.isArray()) {
        sb.append('[');
        List<Object> pending = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            pending.add(",");
          }
          pending.add(n.get(i));
        }
        pending.add("]");
        for (int i = pending.size() - 1; i >= 0; i--) {
          stack.add(pending.get(i));
        }
      } else if (n.isTextual()) {
        string(sb, n.textValue());
      } else if (n.isNumber()) {
        double d = n.doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) {
          throw new JcsException(JcsException.Reason.NOT_I_JSON, "number outside the double range");
        }
        sb.append(EcmaNumber.toString(d));
      } else if (n.isBoolean()) {
        sb.append(n.booleanValue() ? "true" : "false");
      } else if (n.isNull()) {
        sb.append("null");
      } else {
        throw new JcsException(JcsException.Reason.NOT_I_JSON, "not a JSON value: " + n.getNodeType());
      }
    }
  }

  /** A JSON string as ECMAScript {@code JSON.stringify} writes it; lone surrogates are refused. */
  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new JcsException(JcsException.Reason.NOT_I_JSON, "lone surrogate in a string");
        }
        sb.append(c).append(s.charAt(++i));
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        throw new JcsException(JcsException.Reason.NOT_I_JSON, "lone surrogate in a string");
      }
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
