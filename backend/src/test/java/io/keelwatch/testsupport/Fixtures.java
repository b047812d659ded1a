package io.keelwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;

/** Real scanner reports copied from shared/fixtures into test resources. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] bytes(String path) {
        try {
            return new ClassPathResource("fixtures/" + path).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
