/**
 * Runtime alerts: Falco events (posted by Falcosidekick's webhook output, or JSON lines for back-fill)
 * stored content-deduplicated, folded into alerts per rule and workload, read through the one
 * visibility rule. API: {@link io.keelwatch.runtime.FalcoEventIngest} (what the demo posts through),
 * {@link io.keelwatch.runtime.Priority}, {@link io.keelwatch.runtime.IngestResult},
 * {@link io.keelwatch.runtime.RuntimeProblem}.
 */
package io.keelwatch.runtime;
