package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist items 41 and 47: the literal-address and odd-host table, refused before any connection. */
final class SsrfGuardTest {
  private final FakeResolver resolver = new FakeResolver();
  private final SsrfGuard guard = new SsrfGuard(FetchPolicy.defaults(), resolver);

  @ParameterizedTest
  @ValueSource(strings = {
      "https://127.0.0.1/", "https://0.0.0.0/", "https://[::]/", "https://[::1]/", "https://[::ffff:7f00:1]/",
      "https://[::127.0.0.1]/", "https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/",
      "https://10.255.255.255/", "https://172.16.0.1/", "https://172.31.255.254/", "https://192.168.1.1/",
      "https://100.64.0.1/", "https://100.127.255.255/", "https://198.18.0.1/", "https://198.19.255.255/",
      "https://192.0.0.1/", "https://192.0.2.1/", "https://198.51.100.1/", "https://203.0.113.1/",
      "https://224.0.0.1/", "https://239.255.255.250/", "https://240.0.0.1/", "https://255.255.255.255/",
      "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[fe80::1]/", "https://[fec0::1]/",
      "https://[ff00::1]/", "https://[ff02::1]/", "https://[64:ff9b::7f00:1]/", "https://[64:ff9b::a00:1]/",
      "https://[64:ff9b:1::a00:1]/", "https://[64:ff9b:1::808:808]/", "https://[2001::]/",
      "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://[2002:a00:1::]/", "https://[2002:7f00:1::]/",
      "https://[2002:a9fe:a9fe::]/", "https://[2001:db8::1]/", "https://[3fff::1]/", "https://[100::1]/",
      "https://[::ffff:a9fe:a9fe]/", "https://[::ffff:192.168.0.1]/", "https://[2001:2::1]/", "https://[4000::1]/"})
  void refusesSpecialUseAddressLiterals(String url) {
    FetchException e = assertThrows(FetchException.class, () -> guard.checkUrl(URI.create(url)));
    assertEquals(FetchError.BLOCKED_ADDRESS, e.error(), url);
    assertTrue(resolver.lookups().isEmpty(), "a literal never reaches the resolver");
  }

  @ParameterizedTest
  @CsvSource({
      "https://localhost/, BLOCKED_HOST", "https://LOCALHOST./, BLOCKED_HOST", "https://a.b.localhost/, BLOCKED_HOST",
      "https://2130706433/, BLOCKED_HOST", "https://0177.0.0.1/, BLOCKED_HOST", "https://0x7f.1/, BLOCKED_HOST",
      "https://0x7f000001/, BLOCKED_HOST", "https://127.1/, BLOCKED_HOST", "https://017700000001/, BLOCKED_HOST",
      "https://1.2.3.4.5/, BLOCKED_HOST", "https://host.123/, BLOCKED_HOST", "https://example.0x1f/, BLOCKED_HOST",
      "https://hidden2xmpl.onion/, BLOCKED_HOST", "https://site.i2p/x, BLOCKED_HOST", "https://printer.local/, BLOCKED_HOST",
      "https://router.home.arpa/, BLOCKED_HOST", "https://[fe80::1%25eth0]/, BLOCKED_HOST",
      "https://victim.example@evil.example/, BLOCKED_HOST", "https://user:pw@evil.example/, BLOCKED_HOST",
      "https://%6c%6fcalhost/, BLOCKED_HOST", "http://example.com/, BLOCKED_SCHEME", "file:///etc/passwd, BLOCKED_SCHEME",
      "ftp://example.com/x, BLOCKED_SCHEME", "gopher://example.com/, BLOCKED_SCHEME", "'data:text/plain;base64,AA==', BLOCKED_SCHEME",
      "javascript:alert(1), BLOCKED_SCHEME", "/relative/path, INVALID_URL", "https:///nohost, INVALID_URL"})
  void refusesOddHostsSchemesAndUserinfo(String url, FetchError expected) {
    FetchException e = assertThrows(FetchException.class, () -> guard.checkUrl(URI.create(url)));
    assertEquals(expected, e.error(), url + ": " + e.getMessage());
    assertTrue(resolver.lookups().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.com/users/alice", "https://93.184.216.34/", "https://8.8.8.8/", "https://172.15.255.255/",
      "https://172.32.0.1/", "https://100.63.255.255/", "https://100.128.0.1/", "https://198.17.255.255/",
      "https://198.20.0.1/", "https://192.0.3.1/", "https://223.255.255.255/", "https://[64:ff9b::8.8.8.8]/",
      "https://[2002:808:808::1]/", "https://[2606:4700::1111]/", "https://[2001:4860:4860::8888]/",
      "https://[::ffff:8.8.8.8]/", "https://xn--bcher-kva.example/", "https://bücher.example/",
      "https://host.example./", "https://a-1.example:8443/x?y#z", "https://1example.com/", "https://0xfoo.example/"})
  void allowsPublicTargets(String url) {
    URI checked = guard.checkUrl(URI.create(url));
    assertEquals(null, checked.getFragment(), "the fragment is not sent");
    assertTrue(resolver.lookups().isEmpty(), "checkUrl does not resolve");
  }

  @Test
  void documentationRangesAndLoopbackOnlyBehindTheLoudTestSwitches() {
    SsrfGuard docs = new SsrfGuard(FetchPolicy.builder().insecureAllowDocumentationRangesForTesting().build(), resolver);
    docs.checkUrl(URI.create("https://[2001:db8::1]/"));
    docs.checkUrl(URI.create("https://203.0.113.7/"));
    assertEquals(FetchError.BLOCKED_ADDRESS,
        assertThrows(FetchException.class, () -> docs.checkUrl(URI.create("https://127.0.0.1/"))).error());
    SsrfGuard loop = new SsrfGuard(FetchPolicy.builder().insecureAllowLoopbackForTesting().build(), resolver);
    loop.checkUrl(URI.create("http://127.0.0.1:8080/"));
    loop.checkUrl(URI.create("http://[::1]:8080/"));
    for (String stillRefused : List.of("http://10.0.0.1/", "http://169.254.169.254/", "http://[fe80::1]/",
        "http://[2001:db8::1]/", "http://0x7f.1/", "http://x.onion/")) {
      assertThrows(FetchException.class, () -> loop.checkUrl(URI.create(stillRefused)), stillRefused);
    }
  }

  @Test
  void everyResolvedAddressIsCheckedAndOnePrivateRefusesAll() {
    resolver.answer("mixed.example", "93.184.216.34", "10.0.0.5");
    resolver.answer("private.example", "10.0.0.5");
    resolver.answer("mapped.example", "::ffff:169.254.169.254");
    resolver.answer("public.example", "93.184.216.34", "2606:4700::1111");
    for (String host : List.of("mixed.example", "private.example", "mapped.example")) {
      FetchException e = assertThrows(FetchException.class, () -> guard.resolve(host));
      assertEquals(FetchError.BLOCKED_ADDRESS, e.error(), host);
    }
    assertEquals(2, guard.resolve("public.example").size());
    assertEquals(FetchError.CONNECTION_FAILED,
        assertThrows(FetchException.class, () -> guard.resolve("unknown.example")).error());
    assertEquals(FetchError.BLOCKED_HOST,
        assertThrows(FetchException.class, () -> guard.resolve("localhost")).error());
  }

  @Test
  void rangeTableNamesTheReason() {
    assertEquals(Optional.of(AddressPolicy.Range.LINK_LOCAL), AddressPolicy.specialUse(FakeResolver.literal("169.254.169.254")));
    assertEquals(Optional.of(AddressPolicy.Range.TEREDO), AddressPolicy.specialUse(FakeResolver.literal("2001::1")));
    assertEquals(Optional.of(AddressPolicy.Range.PRIVATE), AddressPolicy.specialUse(FakeResolver.literal("2002:c0a8:101::1")));
    assertEquals(Optional.of(AddressPolicy.Range.LOOPBACK), AddressPolicy.specialUse(FakeResolver.literal("64:ff9b::127.0.0.1")));
    assertEquals(Optional.of(AddressPolicy.Range.IPV4_COMPATIBLE), AddressPolicy.specialUse(FakeResolver.literal("::8.8.8.8")));
    assertEquals(Optional.empty(), AddressPolicy.specialUse(FakeResolver.literal("64:ff9b::8.8.8.8")));
    assertEquals(Optional.of(AddressPolicy.Range.RESERVED), AddressPolicy.specialUse(FakeResolver.literal("255.255.255.255")));
    assertEquals(Optional.of(AddressPolicy.Range.MULTICAST), AddressPolicy.specialUse(FakeResolver.literal("ff05::2")));
    assertTrue(AddressPolicy.ipLiteral("0177.0.0.1").isEmpty(), "octal is not a canonical literal");
    assertTrue(AddressPolicy.ipLiteral("1.2.3.256").isEmpty());
    assertEquals(Optional.of(AddressPolicy.HostProblem.NON_CANONICAL_IP), AddressPolicy.hostProblem("1.2.3.256"));
  }

  @Test
  void policyBuilderFailsFast() {
    assertThrows(IllegalArgumentException.class, () -> FetchPolicy.builder().maxRedirects(6));
    assertThrows(IllegalArgumentException.class, () -> FetchPolicy.builder().maxBodyBytes(0));
    assertThrows(IllegalArgumentException.class, () -> FetchPolicy.builder().deadline(java.time.Duration.ZERO));
    assertThrows(IllegalStateException.class, () -> FetchPolicy.builder()
        .connectTimeout(java.time.Duration.ofSeconds(5)).deadline(java.time.Duration.ofSeconds(1)).build());
  }
}
