package io.keelwatch.signing.verify.sigstore;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A keyless signer Keelwatch trusts, as cosign's {@code --certificate-oidc-issuer(-regexp)} and
 * {@code --certificate-identity(-regexp)} name one: the OIDC issuer Fulcio wrote into the certificate
 * and the subject (the e-mail or URI in its subject alternative name), each exact or a regular expression.
 * A regular expression matches anywhere in the value, as Go's {@code regexp.MatchString} does for cosign;
 * anchor it ({@code ^…$}) to match the whole.
 */
public record KeylessIdentity(String issuer, String issuerRegex, String subject, String subjectRegex) {

    public KeylessIdentity {
        if ((issuer == null) == (issuerRegex == null) || (subject == null) == (subjectRegex == null)) {
            throw new IllegalArgumentException("A keyless identity names its issuer and its subject, each exact or as a regular expression.");
        }
        for (String regex : new String[] {issuerRegex, subjectRegex}) {
            if (regex != null) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("\"" + regex + "\" is not a regular expression: " + e.getDescription(), e);
                }
            }
        }
    }

    public static KeylessIdentity exact(String issuer, String subject) {
        return new KeylessIdentity(issuer, null, subject, null);
    }

    public static KeylessIdentity matching(String issuerRegex, String subjectRegex) {
        return new KeylessIdentity(null, issuerRegex, null, subjectRegex);
    }

    /** A certificate without an issuer extension has the issuer "", as cosign reads it. */
    public boolean matches(String certificateIssuer, String certificateSubject) {
        return matches(issuer, issuerRegex, certificateIssuer == null ? "" : certificateIssuer)
                && matches(subject, subjectRegex, certificateSubject == null ? "" : certificateSubject);
    }

    private static boolean matches(String exact, String regex, String value) {
        return exact != null ? exact.equals(value) : Pattern.compile(regex).matcher(value).find();
    }
}
