package io.keelwatch.signing.gate;

import io.keelwatch.signing.gate.GatePolicySummary.Authorities;
import io.keelwatch.signing.gate.GatePolicySummary.VulnerabilityRules;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/** A policy as a lead writes it (create, or replace with PUT); {@link GatePolicyService#checked} says what is wrong. */
@NamedInterface("gate")
public record GatePolicyRequest(String name, String imagePattern, List<String> environments, String mode,
        Authorities authorities, VulnerabilityRules vulnerabilities) {
}
