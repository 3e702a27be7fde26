package social.kith.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true} a test that aborts (a failed assumption, i.e. a skip) fails instead: an
 * interop or vector test must never pass CI by skipping. Registered for every module through
 * JUnit's extension auto-detection (enabled in the parent pom's Surefire configuration).
 */
public final class CiNoSkipExtension implements TestExecutionExceptionHandler {
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    if (throwable instanceof TestAbortedException && isCi()) {
      throw new AssertionError("skipped under CI=true, which counts as a failure: "
          + throwable.getMessage(), throwable);
    }
    throw throwable;
  }

  /** True when running under CI ({@code CI=true}). */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
