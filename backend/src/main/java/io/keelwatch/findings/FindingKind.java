package io.keelwatch.findings;

public enum FindingKind {
    vulnerability, misconfiguration, secret
}
