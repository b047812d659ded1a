package io.keelwatch.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rule for text that comes from outside, in one place: no NUL and no other C0 control
 * character except TAB, LF and CR (PostgreSQL refuses NUL in text, and the others forge log lines
 * and confuse every reader), and UTF-8 only in its shortest form (an overlong {@code C0 AF} is a
 * disguised {@code /}).
 */
public final class InboundText {

    private InboundText() {
    }

    /** The index of the first character text from outside may not hold, or -1. */
    public static int firstForbidden(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isAllowed(CharSequence text) {
        return text == null || firstForbidden(text) < 0;
    }

    /** Why this text is refused, naming the character by its code (never echoing it). */
    public static String refusal(String where, CharSequence text) {
        return where + " contains the control character U+" + String.format("%04X", (int) text.charAt(firstForbidden(text)))
                + "; text may hold tabs and line breaks but no other control characters.";
    }

    /** The bytes as text if they are well-formed UTF-8 (Java's decoder refuses overlong forms), else null. */
    public static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
