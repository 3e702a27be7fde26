package social.kith.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import social.kith.crypto.encoding.Hex;

class HashesTest {
  private static final byte[] ABC = "abc".getBytes(US_ASCII);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] M448 =
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(US_ASCII);

  @Test
  void sha256MatchesFips180Examples() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex.encode(Hashes.sha256(ABC)));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex.encode(Hashes.sha256(EMPTY)));
    assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Hex.encode(Hashes.sha256(M448)));
  }

  @Test
  void sha512MatchesFips180Examples() {
    assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", Hex.encode(Hashes.sha512(ABC)));
    assertEquals("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e", Hex.encode(Hashes.sha512(EMPTY)));
    assertEquals("204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
        + "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445", Hex.encode(Hashes.sha512(M448)));
  }

  @Test
  void streamingPartsAndBuffersAgreeWithOneShot() {
    byte[] a = "abcdbcdecdefdefgefgh".getBytes(US_ASCII);
    byte[] b = "fghighijhijkijkljklmklmnlmnomnopnopq".getBytes(US_ASCII);
    String expected256 = Hex.encode(Hashes.sha256(M448));
    String expected512 = Hex.encode(Hashes.sha512(M448));
    assertEquals(expected256, Hex.encode(Hashes.sha256(a, b)));
    assertEquals(expected512, Hex.encode(Hashes.sha512(a, b)));
    assertEquals(expected256, Hex.encode(Hashes.newSha256().update(a).update(ByteBuffer.wrap(b)).digest()));
    assertEquals(expected512, Hex.encode(Hashes.newSha512().update(M448, 0, 20).update(M448, 20, 36).digest()));
    assertEquals(expected256, Hex.encode(Hashes.sha256(ByteBuffer.wrap(M448))));
    ByteBuffer direct = ByteBuffer.allocateDirect(M448.length).put(M448).flip();
    assertEquals(expected512, Hex.encode(Hashes.sha512(direct)));
  }

  @Test
  void hasherResetsAfterDigest() {
    Hashes.Hasher h = Hashes.newSha256();
    h.update(ABC).digest();
    assertEquals(Hex.encode(Hashes.sha256(ABC)), Hex.encode(h.update(ABC).digest()));
    assertEquals(32, h.length());
  }
}
