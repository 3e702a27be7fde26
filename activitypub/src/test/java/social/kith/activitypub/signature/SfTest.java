package social.kith.activitypub.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.kith.activitypub.signature.internal.Sf;

/** The strict RFC 8941 parser and canonical serializer used by the RFC 9421 code. */
class SfTest {
  @Test
  void dictionaryWithEveryBareItemType() throws Exception {
    Map<String, Sf.Member> d = Sf.parseDictionary(
        "a=1, b=-2.5;p, c=\"s\\\"q\", d=tok/en:x, e=:AQID:, f=?0, g, h=(1 \"x\");q=?1,  i=()");
    assertEquals(1L, ((Sf.Item) d.get("a")).value());
    assertEquals(new BigDecimal("-2.5"), ((Sf.Item) d.get("b")).value());
    assertEquals(Boolean.TRUE, d.get("b").params().get("p"));
    assertEquals("s\"q", ((Sf.Item) d.get("c")).value());
    assertEquals(new Sf.Token("tok/en:x"), ((Sf.Item) d.get("d")).value());
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) ((Sf.Item) d.get("e")).value());
    assertEquals(Boolean.FALSE, ((Sf.Item) d.get("f")).value());
    assertEquals(Boolean.TRUE, ((Sf.Item) d.get("g")).value());
    assertEquals(2, ((Sf.InnerList) d.get("h")).items().size());
    assertEquals(List.of(), ((Sf.InnerList) d.get("i")).items());
    assertEquals("a=1, b=-2.5;p, c=\"s\\\"q\", d=tok/en:x, e=:AQID:, f=?0, g, h=(1 \"x\");q, i=()",
        Sf.serializeDictionary(d));
  }

  @Test
  void decimalsSerialiseCanonically() throws Exception {
    assertEquals("1.0", Sf.serializeMember(Sf.parseItem("1.000")));
    assertEquals("0.5", Sf.serializeMember(Sf.parseItem("0.50")));
    assertEquals("0.0", Sf.serializeMember(Sf.parseItem("-0.0")), "a decimal zero has no sign");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=1,", "a=1,,b=2", "a=1;b=2;b=3", "a=1, a=2", "A=1", "a=\"unterminated",
      "a=\"bad\\escape\"", "a=:not base64!:", "a=:AQJ=:", "a=1234567890123456", "a=1.2345",
      "a=1234567890123.5", "a=(1 2", "a=(1,2)", "a=?2", "a=\u00e9", "a=1 b=2", "a=-", "a=\"\u0007\""})
  void malformedDictionaries(String text) {
    assertThrows(Sf.ParseException.class, () -> Sf.parseDictionary(text));
  }
}
