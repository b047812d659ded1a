package io.keelwatch.findings.ingest.report.cyclonedx;

import static io.keelwatch.findings.ingest.report.JsonFields.text;

import io.keelwatch.findings.ingest.report.PackageUrl;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The components of a CycloneDX document, reduced to what a finding names (package, version,
 * purl) and looked up by bom-ref. Vulnerabilities may come before or after the components, so
 * every component is kept, compactly, until the document ends.
 */
final class CycloneDxComponents {

    /** A package a vulnerability affects. */
    record Package(String name, String version, String purl) {
    }

    private final Map<String, Package> byRef = new HashMap<>();
    private String osFamily;
    private String osName;

    /** Registers a component and the components nested in it. */
    void register(JsonNode component) {
        String ref = text(component, "bom-ref");
        String purl = text(component, "purl");
        String type = PackageUrl.parse(purl).map(PackageUrl::type).orElse(null);
        String name = text(component, "name");
        if (ref != null && name != null) {
            byRef.putIfAbsent(ref, new Package(PackageUrl.packageName(type, text(component, "group"), name),
                    text(component, "version"), purl));
        }
        if ("operating-system".equals(text(component, "type")) && osFamily == null) {
            osFamily = name;
            osName = text(component, "version");
        }
        JsonNode nested = component.get("components");
        if (nested != null && nested.isArray()) {
            nested.forEach(this::register);
        }
    }

    /**
     * The package a reference in {@code affects[].ref} names: a component of this document, a
     * component named by a BOM-link ({@code urn:cdx:<serial>/<version>#<bom-ref>}, as VEX documents
     * point into the SBOM they are about), or a purl standing on its own.
     */
    Package resolve(String ref) {
        String local = ref;
        if (ref.startsWith("urn:cdx:") && ref.contains("#")) {
            local = ref.substring(ref.indexOf('#') + 1);
        }
        Package known = byRef.get(local);
        if (known == null && !local.equals(ref)) {
            known = byRef.get(PackageUrl.decode(local));
        }
        if (known != null) {
            return known;
        }
        String purl = local;
        Optional<PackageUrl> parsed = PackageUrl.parse(purl);
        return parsed.map(p -> new Package(p.packageName(), p.version(), purl)).orElseGet(() -> new Package(ref, null, null));
    }

    String osFamily() {
        return osFamily;
    }

    String osName() {
        return osName;
    }
}
