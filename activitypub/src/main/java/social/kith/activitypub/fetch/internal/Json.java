package social.kith.activitypub.fetch.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON reader for remote documents, with explicit limits (checklist item 31): nesting depth
 * {@value #MAX_DEPTH}, strings up to the body cap, numbers of at most {@value #MAX_NUMBER_LENGTH}
 * characters, property names of at most {@value #MAX_NAME_LENGTH}, duplicate keys refused, and
 * nothing after the top-level value.
 */
public final class Json {
  private Json() {}

  public static final int MAX_DEPTH = 100;
  public static final int MAX_NUMBER_LENGTH = 100;
  public static final int MAX_NAME_LENGTH = 1024;
  public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER;

  static {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxStringLength(MAX_DOCUMENT_BYTES)
            .maxDocumentLength(MAX_DOCUMENT_BYTES)
            .build())
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    MAPPER = new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Thrown for bytes that are not one JSON object within the limits. */
  public static final class JsonError extends Exception {
    private static final long serialVersionUID = 1L;

    JsonError(String message) {
      super(message);
    }
  }

  /** Parses one JSON object. */
  public static ObjectNode parseObject(byte[] bytes) throws JsonError {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new JsonError("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new JsonError("unreadable JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new JsonError("the document is not a JSON object");
    }
    return (ObjectNode) node;
  }

  /** The text of a string member, or empty if absent or not a string. */
  public static Optional<String> text(JsonNode object, String field) {
    JsonNode v = object.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /**
   * The id of a member that is a string URL or an object with a string {@code id} (ActivityStreams
   * allows both), as an absolute http(s) URI; empty if absent or not one.
   */
  public static Optional<URI> idOf(JsonNode value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.isTextual()) {
      return httpUri(value.asText());
    }
    if (value.isObject()) {
      JsonNode id = value.get("id");
      return id != null && id.isTextual() ? httpUri(id.asText()) : Optional.empty();
    }
    return Optional.empty();
  }

  /** {@code text} as an absolute http(s) URI with a host, or empty. */
  public static Optional<URI> httpUri(String text) {
    if (text == null || text.isEmpty() || text.length() > 4096) {
      return Optional.empty();
    }
    try {
      URI u = new URI(text);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!u.isAbsolute() || u.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))
          || u.getRawAuthority() == null) {
        return Optional.empty();
      }
      return Optional.of(u);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
