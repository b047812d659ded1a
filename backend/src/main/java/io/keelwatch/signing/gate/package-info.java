/**
 * The deploy gate: policies (which images, which environments, enforce or warn, who must have signed, vulnerability
 * rules), the decision for one image in one environment from what the database holds (signing status, the image's
 * findings, its last scan), and the two doors that ask for it: CI ({@code POST /api/v1/gate}) and Kubernetes
 * admission ({@code POST /api/v1/admission}). The demo writes its policies and posts its admission reviews through
 * {@link io.keelwatch.signing.gate.GatePolicyService} and {@link io.keelwatch.signing.gate.AdmissionService}, the named
 * interface {@code signing::gate}.
 */
package io.keelwatch.signing.gate;
