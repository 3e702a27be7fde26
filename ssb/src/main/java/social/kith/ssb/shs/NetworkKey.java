package social.kith.ssb.shs;

import java.util.Base64;
import social.kith.crypto.ConstantTime;
import social.kith.ssb.Ssb;

/**
 * The 32-byte network identifier ("caps.shs", the app key) that keeps networks apart: peers with
 * different keys cannot complete a handshake, and a server reveals nothing to a client of another
 * network. The main network's key is the default everywhere in Kith. Immutable.
 */
public final class NetworkKey {
  /** Length of a network key. */
  public static final int BYTES = 32;

  private static final NetworkKey MAIN_NET = fromBase64(Ssb.MAIN_NET_CAPS);

  private final byte[] bytes;

  private NetworkKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The Secure Scuttlebutt main network ({@link Ssb#MAIN_NET_CAPS}). */
  public static NetworkKey mainNet() {
    return MAIN_NET;
  }

  /** A network key of exactly 32 bytes (copied). */
  public static NetworkKey of(byte[] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("a network key has 32 bytes");
    }
    return new NetworkKey(bytes.clone());
  }

  /** A network key from standard base64, as ssb-config's {@code caps.shs} holds it. */
  public static NetworkKey fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkKey other && ConstantTime.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return bytes[0] | bytes[1] << 8;
  }

  /** Names the main network; other keys are shown only as "custom" (test networks may be private). */
  @Override
  public String toString() {
    return this == MAIN_NET || equals(MAIN_NET) ? "NetworkKey[main-net]" : "NetworkKey[custom]";
  }
}
