package social.kith.activitypub.vocab;

import social.kith.core.ErrorCode;

/**
 * Why an ActivityStreams document was refused by {@link AsParser} or could not be mapped by
 * {@link ApMapper}. The names are stable: callers switch on them and logs are searched for them.
 */
public enum VocabError implements ErrorCode {
  /** The bytes are not one well-formed JSON value (or have trailing content). */
  NOT_JSON,
  /** The document is JSON but its top level is not an object. */
  NOT_AN_OBJECT,
  /** The document is larger than {@link AsParser.Limits#maxDocumentBytes()}. */
  DOCUMENT_TOO_LARGE,
  /** Objects and arrays nest deeper than {@link AsParser.Limits#maxDepth()}. */
  TOO_DEEP,
  /** An array, an object or the whole tree holds more elements than its limit. */
  TOO_MANY_ELEMENTS,
  /** A string value is longer than {@link AsParser.Limits#maxStringChars()}. */
  STRING_TOO_LONG,
  /** A property name is longer than {@link AsParser.Limits#maxNameChars()}. */
  NAME_TOO_LONG,
  /** A number has more characters than {@link AsParser.Limits#maxNumberChars()}. */
  NUMBER_TOO_LONG,
  /** The same property appears twice in one object (which copy a verifier saw is ambiguous). */
  DUPLICATE_KEY,
  /**
   * A JSON-LD keyword that restructures the graph ({@code @graph}, {@code @included},
   * {@code @reverse}, {@code @nest}, {@code @import}) or aliases one: refused before any signature
   * check, because a document that compacts differently from how it reads could smuggle claims
   * past a verifier (security checklist item 29).
   */
  UNSUPPORTED_JSONLD_KEYWORD,
  /**
   * An inline {@code @context} gives a core ActivityStreams term ({@code actor}, {@code to},
   * {@code object}, ...) a meaning other than its ActivityStreams one.
   */
  CONTEXT_REDEFINES_TERM,
  /** A property has a shape or value that cannot be read (e.g. an {@code id} that is not a string). */
  INVALID_PROPERTY,
  /** A property needed to map the document is absent (e.g. a post without {@code id}). */
  MISSING_PROPERTY,
  /** A mapped value exceeds a limit of the neutral model (e.g. more attachments than a post holds). */
  MAPPING_LIMIT_EXCEEDED,
  /** The document's type cannot be mapped to what was asked (e.g. a {@code Like} asked for as a post). */
  NOT_MAPPABLE
}
