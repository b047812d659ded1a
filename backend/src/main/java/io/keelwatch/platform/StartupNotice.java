package io.keelwatch.platform;

import java.util.List;

/**
 * Lines a module adds to the one message Keelwatch logs when it is ready (after where it listens),
 * e.g. the demo logins in evaluation mode. Declared as a bean; none by default.
 */
public interface StartupNotice {

    List<String> lines();
}
