package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.testkit.ModuleDescriptors;

/** The fetch and discovery packages are exported; their internals are not (other packages are pinned by their owners). */
final class FetchExportsTest {
  @Test
  void exportsFetchAndDiscoveryButNotInternals() {
    assertEquals("social.kith.activitypub", ModuleDescriptors.of(RemoteFetcher.class).name());
    Set<String> exported = ModuleDescriptors.exportedPackages(RemoteFetcher.class);
    assertTrue(exported.contains("social.kith.activitypub.fetch"), exported.toString());
    assertTrue(exported.contains("social.kith.activitypub.discovery"), exported.toString());
    assertFalse(exported.contains(social.kith.activitypub.fetch.internal.Json.class.getPackageName()));
    assertTrue(exported.stream().noneMatch(p -> p.endsWith(".internal")), exported.toString());
  }
}
