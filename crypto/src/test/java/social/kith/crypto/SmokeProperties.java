package social.kith.crypto;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class SmokeProperties {
  @Property(tries = 10)
  boolean reasonNamesRoundTrip(@ForAll CryptoException.Reason reason) {
    return CryptoException.Reason.valueOf(reason.name()) == reason;
  }
}
