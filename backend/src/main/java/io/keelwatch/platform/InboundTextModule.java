package io.keelwatch.platform;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string Keelwatch's JSON mapper reads into an object follows {@link InboundText}'s rule: a
 * NUL or another control character (which a JSON body can only carry escaped, as {@code \u0000})
 * makes the body unreadable, so the API answers 400 and nothing is written. Spring Boot registers
 * Jackson modules it finds as beans.
 */
@Component
class InboundTextModule extends SimpleModule {

    InboundTextModule() {
        super("keelwatch-inbound-text");
        addDeserializer(String.class, new CheckedStringDeserializer());
    }

    private static final class CheckedStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && !InboundText.isAllowed(value)) {
                return context.reportInputMismatch(String.class, InboundText.refusal("A text value", value));
            }
            return value;
        }
    }
}
