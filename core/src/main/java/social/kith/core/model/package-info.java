/**
 * The protocol-neutral model: identities, posts, drafts and interactions as immutable values whose
 * constructors refuse bad input with {@link social.kith.core.InvalidInputException}.
 */
package social.kith.core.model;
