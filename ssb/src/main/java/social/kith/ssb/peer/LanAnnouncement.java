package social.kith.ssb.peer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbException;

/**
 * One LAN announcement as ssb-local sends it: a UDP datagram whose whole payload is the sender's
 * multiserver address in UTF-8 ({@code net:192.168.1.5:8008~shs:<key>}, possibly with more
 * {@code ;}-separated addresses). {@link #peer()} is its first {@code net:host:port~shs:key} address,
 * which is what gets dialled.
 *
 * @param text the announced multiserver address, as received
 * @param peer where and whom to dial
 */
public record LanAnnouncement(String text, MultiserverAddress.ShsAddress peer) {
  /** Largest datagram accepted; real announcements are about 100 bytes. */
  public static final int MAX_BYTES = 1024;

  public LanAnnouncement {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(peer, "peer");
  }

  /**
   * Parses a datagram payload.
   *
   * @throws LanException {@link LanError#TOO_LARGE}, {@link LanError#MALFORMED} or {@link LanError#NOT_SHS}
   */
  public static LanAnnouncement parse(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (length > MAX_BYTES) {
      throw new LanException(LanError.TOO_LARGE, "a LAN announcement of " + length + " bytes (at most " + MAX_BYTES + ")");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, offset, length)).toString();
    } catch (CharacterCodingException e) {
      throw new LanException(LanError.MALFORMED, "a LAN announcement that is not UTF-8");
    }
    MultiserverAddress parsed;
    try {
      parsed = MultiserverAddress.parse(text);
    } catch (SsbException e) {
      throw new LanException(LanError.MALFORMED, "a LAN announcement that is not a multiserver address");
    }
    for (MultiserverAddress.Address a : parsed.addresses()) {
      if (a.protocols().size() == 2 && a.protocols().get(0).name().equals("net")
          && a.protocols().get(1).name().equals("shs")) {
        Optional<MultiserverAddress.ShsAddress> shs;
        try {
          shs = new MultiserverAddress(List.of(a)).shs();
        } catch (SsbException e) {
          shs = Optional.empty();
        }
        if (shs.isPresent() && shs.get().port() > 0 && shs.get().port() < 65536) {
          return new LanAnnouncement(text, shs.get());
        }
      }
    }
    throw new LanException(LanError.NOT_SHS, "a LAN announcement without a net:host:port~shs:key address");
  }

  /** The datagram payload announcing {@code multiserverAddress}. */
  public static byte[] payload(String multiserverAddress) {
    byte[] b = multiserverAddress.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_BYTES) {
      throw new IllegalArgumentException("an address too long to announce: " + b.length + " bytes");
    }
    return b;
  }
}
