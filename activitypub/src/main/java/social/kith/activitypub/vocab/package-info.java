/**
 * The ActivityStreams 2.0 vocabulary as the fediverse sends it: {@link social.kith.activitypub.vocab.AsParser}
 * reads a document into an immutable {@link social.kith.activitypub.vocab.AsObject} (every property kept,
 * written back unchanged), and {@link social.kith.activitypub.vocab.ApMapper} maps it to Kith's neutral
 * model (identities, posts, interactions).
 *
 * <p>Limits, all refused with a {@link social.kith.activitypub.vocab.VocabException} whose
 * {@link social.kith.activitypub.vocab.VocabError} names the reason:
 * <table>
 *   <caption>Parser and mapping limits (defaults)</caption>
 *   <tr><th>what</th><th>default</th><th>reason code</th></tr>
 *   <tr><td>document size</td><td>1 MiB</td><td>DOCUMENT_TOO_LARGE</td></tr>
 *   <tr><td>nesting depth</td><td>64</td><td>TOO_DEEP</td></tr>
 *   <tr><td>string value</td><td>512 Ki characters</td><td>STRING_TOO_LONG</td></tr>
 *   <tr><td>property name</td><td>1024 characters</td><td>NAME_TOO_LONG</td></tr>
 *   <tr><td>number</td><td>64 characters</td><td>NUMBER_TOO_LONG</td></tr>
 *   <tr><td>array elements ({@code to}, {@code cc}, {@code tag} ...)</td><td>4096</td><td>TOO_MANY_ELEMENTS</td></tr>
 *   <tr><td>properties of one object</td><td>1024</td><td>TOO_MANY_ELEMENTS</td></tr>
 *   <tr><td>values in the document</td><td>100 000</td><td>TOO_MANY_ELEMENTS</td></tr>
 *   <tr><td>duplicate property in one object</td><td>refused</td><td>DUPLICATE_KEY</td></tr>
 *   <tr><td>{@code @graph}, {@code @included}, {@code @reverse}, {@code @nest}, {@code @import}</td><td>refused</td>
 *       <td>UNSUPPORTED_JSONLD_KEYWORD</td></tr>
 *   <tr><td>inline {@code @context} changing a core term</td><td>refused</td><td>CONTEXT_REDEFINES_TERM</td></tr>
 *   <tr><td>attachments / mentions / hashtags / direct recipients of a post</td><td>64 / 1000 / 1000 / 1000</td>
 *       <td>MAPPING_LIMIT_EXCEEDED</td></tr>
 *   <tr><td>poll options</td><td>256</td><td>MAPPING_LIMIT_EXCEEDED</td></tr>
 * </table>
 * The parser limits are set with {@link social.kith.activitypub.vocab.AsParser.Limits}; the mapping limits are
 * the neutral model's. No remote {@code @context} is ever fetched.
 */
package social.kith.activitypub.vocab;
