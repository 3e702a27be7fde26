/**
 * RFC 8785 JSON Canonicalization Scheme ({@link social.kith.activitypub.jcs.Jcs}) with ECMAScript
 * number formatting ({@link social.kith.activitypub.jcs.EcmaNumbers}), for integrity proofs.
 */
package social.kith.activitypub.jcs;
