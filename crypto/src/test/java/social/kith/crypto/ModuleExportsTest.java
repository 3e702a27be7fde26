package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.testkit.ModuleDescriptors;

/** Pins the module's name and exported packages; {@code .internal} (Bouncy Castle glue) is never exported. */
final class ModuleExportsTest {
  @Test
  void exportsExactlyTheApiPackages() {
    assertEquals("social.kith.crypto", ModuleDescriptors.of(Ed25519.class).name());
    assertEquals(Set.of("social.kith.crypto", "social.kith.crypto.encoding"),
        ModuleDescriptors.exportedPackages(Ed25519.class));
    assertEquals(java.util.Map.of(), ModuleDescriptors.qualifiedExports(Ed25519.class));
  }
}
