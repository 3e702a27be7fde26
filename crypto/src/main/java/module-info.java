/**
 * Keys, signatures, libsodium-compatible boxes, hashes, key derivation and encodings.
 *
 * <p>Bouncy Castle is an implementation detail: it stays in {@code social.kith.crypto.internal}
 * and no Bouncy Castle type appears in an exported signature.
 */
module social.kith.crypto {
  requires org.bouncycastle.provider;

  exports social.kith.crypto;
  exports social.kith.crypto.encoding;
}
