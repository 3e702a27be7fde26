package social.kith.activitypub.vocab.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import social.kith.activitypub.vocab.VocabError;
import social.kith.activitypub.vocab.VocabException;

/**
 * Reads bytes into a Jackson tree under explicit limits, counting elements while it streams so
 * that an oversized array is refused before it is built. Jackson's own {@link StreamReadConstraints}
 * bound depth, string, name, number and document length; this class adds per-array, per-object and
 * whole-tree element counts, duplicate-key detection and the refusal of restructuring JSON-LD
 * keywords. Depth is checked before recursing, so recursion never goes deeper than the limit.
 */
public final class TreeReader {
  private final JsonFactory factory;
  private final int maxDepth;
  private final int maxArrayElements;
  private final int maxObjectProperties;
  private final int maxTotalNodes;

  public TreeReader(int maxDocumentBytes, int maxDepth, int maxStringChars, int maxNameChars,
      int maxNumberChars, int maxArrayElements, int maxObjectProperties, int maxTotalNodes) {
    this.maxDepth = maxDepth;
    this.maxArrayElements = maxArrayElements;
    this.maxObjectProperties = maxObjectProperties;
    this.maxTotalNodes = maxTotalNodes;
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(maxDepth + 1) // our own check fires first with a precise message
        .maxStringLength(maxStringChars)
        .maxNameLength(maxNameChars)
        .maxNumberLength(maxNumberChars)
        .maxDocumentLength(maxDocumentBytes)
        .build();
    this.factory = JsonFactory.builder()
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** The root object of {@code json}; the caller has already checked the byte length. */
  public ObjectNode read(byte[] json) {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new VocabException(VocabError.NOT_JSON, "the document is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new VocabException(VocabError.NOT_AN_OBJECT, "the document is not a JSON object");
      }
      int[] total = {1};
      ObjectNode root = readObject(p, 1, total);
      if (p.nextToken() != null) {
        throw new VocabException(VocabError.NOT_JSON, "content after the end of the JSON object");
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw constraint(e);
    } catch (JsonParseException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.startsWith("Duplicate field")) {
        throw new VocabException(VocabError.DUPLICATE_KEY, "a property appears twice in one object", e);
      }
      throw new VocabException(VocabError.NOT_JSON, "not well-formed JSON at " + location(e), e);
    } catch (JsonProcessingException e) {
      throw new VocabException(VocabError.NOT_JSON, "not well-formed JSON at " + location(e), e);
    } catch (IOException e) {
      throw new VocabException(VocabError.NOT_JSON, "unreadable JSON: " + e.getClass().getSimpleName(), e);
    }
  }

  private ObjectNode readObject(JsonParser p, int depth, int[] total) throws IOException {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    int count = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (name.startsWith("@") && JsonLdContext.RESTRUCTURING_KEYWORDS.contains(name)) {
        throw new VocabException(VocabError.UNSUPPORTED_JSONLD_KEYWORD, name + " is not supported");
      }
      if (++count > maxObjectProperties) {
        throw new VocabException(VocabError.TOO_MANY_ELEMENTS,
            "an object has more than " + maxObjectProperties + " properties");
      }
      node.set(name, readValue(p, p.nextToken(), depth, total));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new VocabException(VocabError.NOT_JSON, "unexpected token in an object");
    }
    JsonNode context = node.get("@context");
    if (context != null && depth > 1) {
      JsonLdContext.EMPTY.with(context); // validate embedded contexts now; the root's is applied by the caller
    }
    return node;
  }

  private ArrayNode readArray(JsonParser p, int depth, int[] total) throws IOException {
    ArrayNode node = JsonNodeFactory.instance.arrayNode();
    int count = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new VocabException(VocabError.NOT_JSON, "unexpected end of input in an array");
      }
      if (++count > maxArrayElements) {
        throw new VocabException(VocabError.TOO_MANY_ELEMENTS,
            "an array has more than " + maxArrayElements + " elements");
      }
      node.add(readValue(p, t, depth, total));
    }
    return node;
  }

  private JsonNode readValue(JsonParser p, JsonToken t, int depth, int[] total) throws IOException {
    if (++total[0] > maxTotalNodes) {
      throw new VocabException(VocabError.TOO_MANY_ELEMENTS,
          "the document has more than " + maxTotalNodes + " values");
    }
    if (t == null) {
      throw new VocabException(VocabError.NOT_JSON, "unexpected end of input");
    }
    switch (t) {
      case START_OBJECT:
      case START_ARRAY:
        if (depth + 1 > maxDepth) {
          throw new VocabException(VocabError.TOO_DEEP, "objects and arrays nest deeper than " + maxDepth);
        }
        return t == JsonToken.START_OBJECT ? readObject(p, depth + 1, total) : readArray(p, depth + 1, total);
      case VALUE_STRING:
        return JsonNodeFactory.instance.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return JsonNodeFactory.instance.numberNode(p.getIntValue());
          case LONG:
            return JsonNodeFactory.instance.numberNode(p.getLongValue());
          default:
            return JsonNodeFactory.instance.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return JsonNodeFactory.instance.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return JsonNodeFactory.instance.booleanNode(true);
      case VALUE_FALSE:
        return JsonNodeFactory.instance.booleanNode(false);
      case VALUE_NULL:
        return JsonNodeFactory.instance.nullNode();
      default:
        throw new VocabException(VocabError.NOT_JSON, "unexpected token " + t);
    }
  }

  private static VocabException constraint(StreamConstraintsException e) {
    String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
    VocabError code;
    if (m.contains("nesting")) {
      code = VocabError.TOO_DEEP;
    } else if (m.contains("string value")) {
      code = VocabError.STRING_TOO_LONG;
    } else if (m.contains("name")) {
      code = VocabError.NAME_TOO_LONG;
    } else if (m.contains("number")) {
      code = VocabError.NUMBER_TOO_LONG;
    } else {
      code = VocabError.DOCUMENT_TOO_LARGE;
    }
    return new VocabException(code, e.getOriginalMessage(), e);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "an unknown offset"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
