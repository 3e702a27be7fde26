package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checklist item 17: the draft-cavage header parser on hostile input. */
class CavageSignatureTest {
  static final String SIG = "c2lnbmF0dXJl";

  @Test
  void quotedStringsMayHoldCommasEqualsAndEscapedQuotes() {
    CavageSignature s = CavageSignature.parse(
        "keyId=\"https://a.example/u?a=1,b=\\\"2\\\"\" , algorithm=hs2019,headers=\"(request-target)  host\","
            + "signature=\"" + SIG + "\",x-unknown=\"ignored\"");
    assertEquals("https://a.example/u?a=1,b=\"2\"", s.keyId());
    assertEquals("hs2019", s.algorithmName().orElseThrow());
    assertEquals(List.of("(request-target)", "host"), s.headers());
  }

  @Test
  void historicalSignaturePrefixAndParameterCase() {
    CavageSignature s = CavageSignature.parse("Signature keyid=\"k\",SIGNATURE=\"" + SIG + "\"");
    assertEquals("k", s.keyId());
    assertEquals(List.of("date"), s.headers());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        "", "   ", "keyId=\"k\"", "signature=\"" + SIG + "\"",
        "keyId=\"k\",keyId=\"k2\",signature=\"" + SIG + "\"",
        "keyId=\"k\",KEYID=\"k2\",signature=\"" + SIG + "\"",
        "keyId=,signature=\"" + SIG + "\"",
        "keyId=\"\",signature=\"" + SIG + "\"",
        "keyId=\"k\",signature=\"" + SIG + "\",",
        "keyId=\"k\",,signature=\"" + SIG + "\"",
        "keyId=\"k\" signature=\"" + SIG + "\"",
        "keyId=\"k,signature=\"" + SIG,
        "keyId=\"k\",signature=\"" + SIG + "\\",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl=\"",
        "keyId=\"k\",signature=\"c2lnb mF0dXJl\"",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",headers=\"\"",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",headers=\"date date\"",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",headers=\"da\\\"te\"",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",created=-1",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",created=1.5",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",created=1234567890123456",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",created=5,expires=4",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",algorithm=\"\"",
        "keyId=\"k\u00e9\",signature=\"c2lnbmF0dXJl\"",
        "keyId=\"k\u0000\",signature=\"c2lnbmF0dXJl\"",
        "=\"k\",signature=\"c2lnbmF0dXJl\"",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\",headers=\"" + "h ".repeat(40) + "\"",
        "keyId=\"k\",signature=\"c2lnbmF0dXJl\"" + ",a=1".repeat(20))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedHeaders(String header) {
    assertEquals(SignatureError.MALFORMED_SIGNATURE_HEADER,
        assertThrows(SignatureException.class, () -> CavageSignature.parse(header)).reason());
  }

  @Test
  void aSixtyFourKilobyteHeaderIsRefusedByLength() {
    String huge = "keyId=\"" + "k".repeat(64 * 1024) + "\",signature=\"" + SIG + "\"";
    assertEquals(SignatureError.SIGNATURE_HEADER_TOO_LARGE,
        assertThrows(SignatureException.class, () -> CavageSignature.parse(huge)).reason());
    String justUnder = "keyId=\"" + "k".repeat(CavageSignature.MAX_LENGTH - 40) + "\",signature=\"" + SIG + "\"";
    assertEquals(CavageSignature.MAX_LENGTH - 40, CavageSignature.parse(justUnder).keyId().length());
  }

  @Test
  void pathologicalRepetitionIsLinear() {
    // A backtracking regex would explode on these; the scanner reads each character once.
    for (String h : List.of("keyId=\"" + "\\\"".repeat(3000) + "\"", "a=b,".repeat(2000),
        "keyId=" + "\"".repeat(8000), ",".repeat(8000))) {
      assertThrows(SignatureException.class, () -> CavageSignature.parse(h));
    }
  }
}
