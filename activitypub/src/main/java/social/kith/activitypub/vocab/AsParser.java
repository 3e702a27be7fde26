package social.kith.activitypub.vocab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import social.kith.activitypub.vocab.internal.JsonLdContext;
import social.kith.activitypub.vocab.internal.TreeReader;

/**
 * Reads ActivityStreams 2.0 JSON as real servers send it into an immutable {@link AsObject}, under
 * explicit {@link Limits}. Tolerant of shape (a value or an array, an embedded object or an IRI, no
 * {@code @context}, inline term definitions, prefixed keys) and strict about what could make a
 * document mean something else to a JSON-LD processor: {@code @graph}, {@code @included},
 * {@code @reverse}, {@code @nest} and {@code @import} are refused with
 * {@link VocabError#UNSUPPORTED_JSONLD_KEYWORD}, and an inline context that changes a core term
 * with {@link VocabError#CONTEXT_REDEFINES_TERM}. No remote {@code @context} is ever fetched.
 *
 * <p>Parsing judges structure only: it does not check signatures or that ids share an origin. Every
 * failure is a {@link VocabException}. Immutable and thread-safe.
 */
public final class AsParser {
  /**
   * The limits a document must respect. Defaults ({@link #DEFAULT}): 1 MiB, depth 64, 512 Ki
   * characters per string, 1024 per property name, 64 per number, 4096 elements per array, 1024
   * properties per object, 100 000 values in all.
   *
   * @param maxDocumentBytes the largest document, in bytes (the inbox cap of checklist item 32)
   * @param maxDepth how deep objects and arrays may nest (the root object is depth 1)
   * @param maxStringChars the longest string value
   * @param maxNameChars the longest property name
   * @param maxNumberChars the most characters in a number
   * @param maxArrayElements the most elements in one array (e.g. {@code to}, {@code tag})
   * @param maxObjectProperties the most properties in one object
   * @param maxTotalNodes the most values (objects, arrays, scalars) in the whole document
   */
  public record Limits(int maxDocumentBytes, int maxDepth, int maxStringChars, int maxNameChars,
      int maxNumberChars, int maxArrayElements, int maxObjectProperties, int maxTotalNodes) {
    /** The defaults described on the record. */
    public static final Limits DEFAULT =
        new Limits(1 << 20, 64, 512 * 1024, 1024, 64, 4096, 1024, 100_000);

    public Limits {
      positive(maxDocumentBytes, "maxDocumentBytes");
      positive(maxDepth, "maxDepth");
      if (maxDepth > 500) {
        throw new IllegalArgumentException("maxDepth must be at most 500, was " + maxDepth);
      }
      positive(maxStringChars, "maxStringChars");
      positive(maxNameChars, "maxNameChars");
      positive(maxNumberChars, "maxNumberChars");
      positive(maxArrayElements, "maxArrayElements");
      positive(maxObjectProperties, "maxObjectProperties");
      positive(maxTotalNodes, "maxTotalNodes");
    }

    private static void positive(int v, String name) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
    }

    public Limits withMaxDocumentBytes(int v) {
      return new Limits(v, maxDepth, maxStringChars, maxNameChars, maxNumberChars, maxArrayElements,
          maxObjectProperties, maxTotalNodes);
    }

    public Limits withMaxDepth(int v) {
      return new Limits(maxDocumentBytes, v, maxStringChars, maxNameChars, maxNumberChars, maxArrayElements,
          maxObjectProperties, maxTotalNodes);
    }

    public Limits withMaxArrayElements(int v) {
      return new Limits(maxDocumentBytes, maxDepth, maxStringChars, maxNameChars, maxNumberChars, v,
          maxObjectProperties, maxTotalNodes);
    }

    public Limits withMaxStringChars(int v) {
      return new Limits(maxDocumentBytes, maxDepth, v, maxNameChars, maxNumberChars, maxArrayElements,
          maxObjectProperties, maxTotalNodes);
    }
  }

  /** A parser with {@link Limits#DEFAULT}. */
  public static final AsParser DEFAULT = new AsParser(Limits.DEFAULT);

  private final Limits limits;
  private final TreeReader reader;

  private AsParser(Limits limits) {
    this.limits = limits;
    this.reader = new TreeReader(limits.maxDocumentBytes(), limits.maxDepth(), limits.maxStringChars(),
        limits.maxNameChars(), limits.maxNumberChars(), limits.maxArrayElements(),
        limits.maxObjectProperties(), limits.maxTotalNodes());
  }

  /** A parser with these limits. */
  public static AsParser withLimits(Limits limits) {
    return new AsParser(Objects.requireNonNull(limits, "limits"));
  }

  public Limits limits() {
    return limits;
  }

  /** Parses one JSON document (UTF-8, UTF-16 or UTF-32 as JSON allows). */
  public AsObject parse(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > limits.maxDocumentBytes()) {
      throw new VocabException(VocabError.DOCUMENT_TOO_LARGE,
          "the document is larger than " + limits.maxDocumentBytes() + " bytes");
    }
    var root = reader.read(json);
    var context = root.get("@context");
    return new AsObject(root, context == null ? JsonLdContext.EMPTY : JsonLdContext.EMPTY.with(context));
  }

  /** Parses one JSON document given as text. */
  public AsObject parse(String json) {
    Objects.requireNonNull(json, "json");
    if (json.length() > limits.maxDocumentBytes()) {
      throw new VocabException(VocabError.DOCUMENT_TOO_LARGE,
          "the document is larger than " + limits.maxDocumentBytes() + " bytes");
    }
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads at most {@link Limits#maxDocumentBytes()} + 1 bytes from {@code in} and parses them; a
   * longer stream is refused without reading it to the end. The stream is not closed.
   */
  public AsObject parse(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[8192];
    int n;
    long total = 0;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > limits.maxDocumentBytes()) {
        throw new VocabException(VocabError.DOCUMENT_TOO_LARGE,
            "the document is larger than " + limits.maxDocumentBytes() + " bytes");
      }
      out.write(buf, 0, n);
    }
    return parse(out.toByteArray());
  }
}
