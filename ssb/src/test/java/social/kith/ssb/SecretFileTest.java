package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
  private static String sample() throws IOException {
    // Written by ssb-keys 8.5.0's createSync for the seed of 32 bytes of 7.
    try (InputStream in = SecretFileTest.class.getResourceAsStream("ssb-keys-8.5.0-secret-seed07")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static SsbKeyPair seven() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    return SsbKeyPair.of(seed, social.kith.crypto.Ed25519.fromSeed(seed).publicKey().bytes());
  }

  @Test
  void parsesTheExactSsbKeysFormatAndWritesItByteForByte() throws IOException {
    SsbKeyPair keys = SecretFile.parse(sample());
    assertEquals("@6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=.ed25519", keys.id().toString());
    assertArrayEquals(seven().secretKey(), keys.secretKey());
    assertEquals(sample(), SecretFile.format(seven()));
    assertEquals("SsbKeyPair[" + keys.id() + "]", keys.toString());
  }

  @Test
  void writeThenReadWithMode0600(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(".ssb").resolve("secret");
    SecretFile.write(file, seven());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(seven().id(), SecretFile.read(file).id());
    assertArrayEquals(seven().secretKey(), SecretFile.read(file).secretKey());
    // A key written here signs messages that validate.
    SsbKeyPair k = SecretFile.read(file);
    Ed25519Signer signer = k.signer();
    assertEquals(k.id(), signer.feedId());
    SsbException e = assertThrows(SsbException.class, () -> SecretFile.write(file, seven()));
    assertEquals(SsbError.SECRET_EXISTS, e.code());
    assertEquals(sample(), Files.readString(file), "the existing secret is untouched");
  }

  @Test
  void refusesMalformedFilesWithoutLeakingTheKey() throws IOException {
    String good = sample();
    String priv = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwfqSmxj4pxSCr71UHsTLsX5lUd2rr6+e5JCHuppFEbSLA==";
    List<String> bad = List.of(
        "",
        "# only comments\n",
        good.replace("\"curve\": \"ed25519\"", "\"curve\": \"secp256k1\""),
        good.replace(priv, priv.substring(4)),
        good.replace(priv + ".ed25519", priv.replace("LA==", "LB==") + ".ed25519"),
        good.replace("\"id\": \"@6kps", "\"id\": \"@7kps"),
        good.replace("\"public\": \"6kps", "\"public\": \"7kps"),
        good.replace("}", ""),
        good.replace("\"private\"", "\"privat\""),
        priv + ".ed25519",
        "[1]");
    for (String text : bad) {
      SsbException e = assertThrows(SsbException.class, () -> SecretFile.parse(text), text);
      assertEquals(SsbError.MALFORMED_SECRET, e.code());
      assertFalse(e.getMessage().contains(priv.substring(0, 20)), "the private key is not echoed");
    }
  }

  @Test
  void acceptsAnIdWithoutSigilAsSsbKeysDoes() throws IOException {
    String text = sample().replace("\"id\": \"@6kps", "\"id\": \"6kps");
    assertEquals(seven().id(), SecretFile.parse(text).id());
  }

  @Test
  void refusesNonAsciiAndOversizedFiles(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("secret");
    Files.write(f, (sample() + "\n# é").getBytes(StandardCharsets.UTF_8));
    assertEquals(SsbError.MALFORMED_SECRET, assertThrows(SsbException.class, () -> SecretFile.read(f)).code());
    Path big = dir.resolve("big");
    Files.writeString(big, "#".repeat(SecretFile.MAX_SIZE + 1));
    assertEquals(SsbError.MALFORMED_SECRET, assertThrows(SsbException.class, () -> SecretFile.read(big)).code());
  }
}
