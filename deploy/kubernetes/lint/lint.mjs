// Lints the Kubernetes manifests in ../: each document against the schema of its apiVersion and kind (the
// Kubernetes OpenAPI schemas, compiled by kubernetes-models: types, required fields, enumerations), then the rules
// Keelwatch's operation relies on (docs/operations.md). Exits 1 naming every problem.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const manifests = join(here, "..");
const problems = [];
const documents = [];

for (const file of readdirSync(manifests).filter((name) => name.endsWith(".yaml")).sort()) {
  for (const [index, parsed] of parseAllDocuments(readFileSync(join(manifests, file), "utf8")).entries()) {
    const where = `${file} document ${index + 1}`;
    if (parsed.errors.length > 0) {
      problems.push(`${where}: ${parsed.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = parsed.toJS();
    if (object === null) {
      continue;
    }
    documents.push({ where, object });
    await validate(where, object);
  }
}

async function validate(where, object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    problems.push(`${where}: no apiVersion or kind`);
    return;
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const modulePath = group === null ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  let model;
  try {
    model = (await import(modulePath))[kind];
  } catch {
    model = undefined;
  }
  if (model === undefined) {
    problems.push(`${where}: ${apiVersion} ${kind} is no Kubernetes API kind`);
    return;
  }
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`${where} (${kind} ${object.metadata?.name}): ${error.message}`);
  }
}

const named = (kind, name) => documents.find((d) => d.object.kind === kind && d.object.metadata?.name === name)?.object;
const rule = (holds, message) => holds || problems.push(`keelwatch.yaml: ${message}`);

const deployment = named("Deployment", "keelwatch");
rule(deployment !== undefined, "a Deployment named keelwatch");
if (deployment) {
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "keelwatch");
  rule(deployment.spec.replicas >= 2, "at least two replicas (sessions and scheduled jobs are shared through PostgreSQL)");
  rule(container?.readinessProbe?.httpGet?.path === "/actuator/health/readiness", "readiness probe on /actuator/health/readiness");
  rule(container?.livenessProbe?.httpGet?.path === "/actuator/health/liveness", "liveness probe on /actuator/health/liveness");
  rule(container?.resources?.requests?.cpu && container?.resources?.limits?.memory, "CPU request and memory limit");
  rule(container?.envFrom?.some((source) => source.secretRef?.name === "keelwatch"), "settings from the Secret keelwatch");
  rule(named("Secret", "keelwatch") !== undefined, "the Secret keelwatch the Deployment reads");
  rule((pod.terminationGracePeriodSeconds ?? 30) > 30, "a grace period longer than the 30 s shutdown phase");
}
const webhook = named("ValidatingWebhookConfiguration", "keelwatch-gate")?.webhooks?.[0];
rule(webhook !== undefined, "the admission webhook keelwatch-gate");
if (webhook) {
  rule(webhook.clientConfig?.url?.startsWith("https://") && webhook.clientConfig.url.endsWith("/api/v1/admission"),
    "the webhook calls https://…/api/v1/admission");
  rule(["None", "NoneOnDryRun"].includes(webhook.sideEffects), "sideEffects None or NoneOnDryRun (dry runs write nothing)");
  rule(webhook.timeoutSeconds <= 10, "a webhook timeout of at most 10 s");
  rule(webhook.namespaceSelector?.matchExpressions?.some((e) => e.operator === "NotIn" && e.values.includes("kube-system")),
    "kube-system excluded from the gate");
}

if (problems.length > 0) {
  console.error(problems.map((p) => `lint: ${p}`).join("\n"));
  process.exit(1);
}
console.log(`lint: ${documents.length} Kubernetes documents valid`);
