package social.kith.ssb.shs;

import java.util.Arrays;
import social.kith.crypto.Auth;
import social.kith.crypto.CryptoException;
import social.kith.crypto.Ed25519PublicKey;
import social.kith.crypto.Hashes;
import social.kith.crypto.ScalarMult;

/** The shared steps of secret handshake v1 (Tarr's paper, as shs1-crypto implements it). */
final class Shs1 {
  private Shs1() {}

  static final int HELLO_BYTES = 64;
  static final int CLIENT_AUTH_BYTES = 112;
  static final int SERVER_ACCEPT_BYTES = 80;
  static final byte[] ZERO_NONCE = new byte[24];

  /** {@code hmac(N, ephemeralPk) || ephemeralPk}. */
  static byte[] hello(NetworkKey network, byte[] ephemeralPublic) {
    byte[] out = Arrays.copyOf(Auth.auth(ephemeralPublic, network.raw()), HELLO_BYTES);
    System.arraycopy(ephemeralPublic, 0, out, 32, 32);
    return out;
  }

  /** The peer's ephemeral key if the hello authenticates under {@code network}, else null. */
  static byte[] verifyHello(NetworkKey network, byte[] hello) {
    byte[] mac = Arrays.copyOf(hello, 32);
    byte[] pk = Arrays.copyOfRange(hello, 32, 64);
    return Auth.verify(mac, pk, network.raw()) ? pk : null;
  }

  /** X25519 with a low-order peer key mapped to {@link HandshakeError#NON_CONTRIBUTORY_KEY}. */
  static byte[] dh(byte[] scalar, byte[] peerPublic, String what) {
    try {
      return ScalarMult.scalarMult(scalar, peerPublic);
    } catch (CryptoException e) {
      if (e.reason() == CryptoException.Reason.NON_CONTRIBUTORY_KEY) {
        throw new HandshakeException(HandshakeError.NON_CONTRIBUTORY_KEY,
            what + " is a low-order key: no shared secret, handshake aborted", e);
      }
      throw e;
    }
  }

  /** The X25519 form of a long-term Ed25519 public key. */
  static byte[] curve(Ed25519PublicKey key, HandshakeError onFailure) {
    try {
      return key.toX25519().bytes();
    } catch (CryptoException e) {
      throw new HandshakeException(onFailure, "the long-term key has no X25519 form", e);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /**
   * The session keys: {@code sha256(sha256(sha256(N||ab||aB||Ab)) || peerPk)} to send,
   * the same with our key to receive; nonces are the first 24 bytes of the hello HMACs.
   */
  static SessionKeys outcome(byte[] msg4Key, byte[] ourLongtermPk, byte[] peerLongtermPk,
      byte[] ourHello, byte[] peerHello, social.kith.ssb.FeedId peer) {
    byte[] base = Hashes.sha256(msg4Key);
    byte[] enc = Hashes.sha256(base, peerLongtermPk);
    byte[] dec = Hashes.sha256(base, ourLongtermPk);
    Arrays.fill(base, (byte) 0);
    return new SessionKeys(peer, enc, Arrays.copyOf(peerHello, 24), dec, Arrays.copyOf(ourHello, 24));
  }

  static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  static void requireLength(byte[] message, int expected, String what) {
    if (message == null || message.length != expected) {
      throw new HandshakeException(HandshakeError.PROTOCOL_VIOLATION,
          what + " must be " + expected + " bytes, got " + (message == null ? "none" : message.length));
    }
  }
}
