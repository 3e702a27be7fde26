/**
 * HTTP message signatures for ActivityPub, both generations, with no I/O: requests are plain
 * values ({@link social.kith.activitypub.signature.HttpMessage}), keys come from the caller.
 *
 * <ul>
 *   <li>Inbound: {@link social.kith.activitypub.signature.HttpSignatureVerifier} parses, applies
 *       {@link social.kith.activitypub.signature.SignaturePolicy} (coverage, time window) and the
 *       body digest before any key is looked up, then verifies with the algorithm the key implies.</li>
 *   <li>Outbound: {@link social.kith.activitypub.signature.HttpSigner} returns the headers to add;
 *       {@link social.kith.activitypub.signature.DoubleKnock} picks the generation per origin.</li>
 *   <li>The mathematics alone: {@link social.kith.activitypub.signature.Cavage12} and
 *       {@link social.kith.activitypub.signature.Rfc9421}; digests in
 *       {@link social.kith.activitypub.signature.BodyDigests}.</li>
 *   <li>Object integrity proofs (FEP-8b32, eddsa-jcs-2022):
 *       {@link social.kith.activitypub.signature.IntegrityProofs}.</li>
 *   <li>Diagnostics: {@link social.kith.activitypub.signature.ClockSkewDetector}.</li>
 * </ul>
 *
 * Every refusal is a {@link social.kith.activitypub.signature.SignatureException} carrying a
 * {@link social.kith.activitypub.signature.SignatureError}.
 */
package social.kith.activitypub.signature;
