package io.keelwatch.signing.gate;

import io.keelwatch.inventory.ImageNames;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image as the gate is asked about it: the repository (Docker's familiar spelling, as images are stored; tag
 * dropped) and the digest, or no digest when the reference names a tag only, which the gate cannot tie to any
 * evidence (a tag moves; the decision is about exact bytes).
 *
 * @param reference the reference as given, for reasons and warnings
 */
record GateImage(String reference, String repository, String digest) {

    /** repository, optional tag, optional digest; the repository is matched lazily so a registry port is not a tag. */
    private static final Pattern REFERENCE = Pattern.compile(
            "([a-z0-9][a-z0-9._:/-]{0,254}?)(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?");

    /** The image a reference names, or empty when it is no image reference. */
    static Optional<GateImage> parse(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 512) {
            return Optional.empty();
        }
        String value = reference.strip();
        Matcher m = REFERENCE.matcher(value);
        if (!m.matches() || m.group(1).endsWith(":") || m.group(1).endsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(new GateImage(value, ImageNames.familiar(m.group(1)), m.group(2)));
    }

    boolean pinned() {
        return digest != null;
    }
}
