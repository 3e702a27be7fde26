package social.kith.ssb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.testkit.ModuleDescriptors;

/** Pins the module's name and exported packages; {@code .internal} is never exported. */
final class ModuleExportsTest {
  @Test
  void exportsExactlyTheApiPackages() {
    assertEquals("social.kith.ssb", ModuleDescriptors.of(Ssb.class).name());
    assertEquals(Set.of("social.kith.ssb", "social.kith.ssb.json", "social.kith.ssb.box", "social.kith.ssb.mapping",
            "social.kith.ssb.store", "social.kith.ssb.blobs", "social.kith.ssb.shs", "social.kith.ssb.boxstream",
            "social.kith.ssb.muxrpc", "social.kith.ssb.net", "social.kith.ssb.adapter", "social.kith.ssb.peer"),
        ModuleDescriptors.exportedPackages(Ssb.class));
    assertEquals(java.util.Map.of(), ModuleDescriptors.qualifiedExports(Ssb.class));
  }
}
