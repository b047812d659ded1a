package io.keelwatch.signing;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An image's signing status in a project: its best signature.
 *
 * @param status     {@code verified}, {@code reported}, {@code untrusted_signer}, {@code invalid} or {@code missing}
 * @param signer     who signed (a key's name and fingerprint, or what a report names), or null
 * @param verifiedAt when the status was last decided, or null when missing
 * @param reasons    why it is not verified
 * @param signatures every signature submitted for the image in the project, newest first
 */
public record ImageSigningStatus(String status, String signer, OffsetDateTime verifiedAt, List<String> reasons,
        List<SignatureReceipt> signatures) {

    public static final String MISSING = "missing";

    /** As the pages label it. */
    public String label() {
        return label(status);
    }

    /** A status as the pages label it (other modules show statuses too: recovery's clean restore point). */
    public static String label(String status) {
        return switch (status) {
            case "verified" -> "verified";
            case "reported" -> "reported (verified elsewhere)";
            case "untrusted_signer" -> "untrusted signer";
            case "invalid" -> "invalid";
            default -> "unsigned";
        };
    }
}
