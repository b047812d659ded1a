package io.keelwatch.audit.refusals;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How repeated refusals are folded into one audit event.
 *
 * @param refusalWindow how long after a refusal is written its repeats (the same action, actor,
 *                      target, details and source address) are only counted; when it closes they
 *                      are written as one event with {@code count}, {@code first_at} and {@code last_at}
 * @param refusalKinds  how many kinds of refusal are counted at once; beyond that the oldest
 *                      count is written early, so memory stays bounded
 */
@ConfigurationProperties("keelwatch.audit")
public record RefusalSettings(@DefaultValue("1m") Duration refusalWindow, @DefaultValue("10000") int refusalKinds) {

    public RefusalSettings {
        if (refusalWindow == null || refusalWindow.isNegative() || refusalKinds < 1) {
            throw new IllegalArgumentException("keelwatch.audit.refusal-window must be a positive duration and "
                    + "keelwatch.audit.refusal-kinds at least 1");
        }
    }
}
