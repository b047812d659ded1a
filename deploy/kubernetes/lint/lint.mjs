// Lints the Kubernetes manifests in ../: each document against the schema of its apiVersion and kind (the
// Kubernetes OpenAPI schemas, compiled by kubernetes-models: types, required fields, enumerations, and no field the
// schema does not name), then the rules Keelwatch's operation relies on (docs/operations.md). Exits 1 naming every
// problem.
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
  for (const problem of await schemaProblems(object)) {
    problems.push(`${where} (${object.kind} ${object.metadata?.name}): ${problem}`);
  }
}

/** What the API server would refuse in one document, or drop without a word: its unknown fields. */
async function schemaProblems(object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return ["no apiVersion or kind"];
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
    return [`${apiVersion} ${kind} is no Kubernetes API kind`];
  }
  const found = [];
  const read = new Map();
  try {
    model.prototype.validate.call(watched(object, read));
  } catch (error) {
    found.push(error.message);
  }
  return found.concat(unknownFields(object, read, ""));
}

// kubernetes-models' compiled schemas allow fields they do not name, so a typo (`replica: 2`, `livenessProbes`)
// passes them, and kubectl apply drops it without a word. A compiled schema reads every property it names from an
// object (and every key of a map), so the validator is handed a view that remembers each key read: a key never read
// is a field the schema does not know.
function watched(value, read) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  // one set per object, however often the validator reaches it
  if (!read.has(value)) {
    read.set(value, new Set());
  }
  const keys = read.get(value);
  return new Proxy(value, {
    get(target, key) {
      keys.add(key);
      return watched(target[key], read);
    },
    has(target, key) {
      keys.add(key);
      return key in target;
    },
  });
}

function unknownFields(value, read, path) {
  if (value === null || typeof value !== "object") {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => unknownFields(item, read, `${path}[${index}]`));
  }
  const keys = read.get(value);
  // an object the validator never looked into is one the schema leaves free-form (RawExtension, preserved fields)
  if (keys === undefined || keys.size === 0) {
    return [];
  }
  return Object.keys(value).flatMap((key) => keys.has(key)
    ? unknownFields(value[key], read, path === "" ? key : `${path}.${key}`)
    : [`unknown field ${path === "" ? key : `${path}.${key}`}`]);
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

// The lint itself, on a copy of the Deployment with two typos: it must name both, or it has stopped catching them.
if (deployment) {
  const broken = structuredClone(deployment);
  broken.spec.replica = broken.spec.replicas;
  delete broken.spec.replicas;
  const brokenContainer = broken.spec.template.spec.containers[0];
  brokenContainer.livenessProbes = brokenContainer.livenessProbe;
  delete brokenContainer.livenessProbe;
  const caught = await schemaProblems(broken);
  for (const typo of ["spec.replica", "spec.template.spec.containers[0].livenessProbes"]) {
    rule(caught.includes(`unknown field ${typo}`), `the lint refuses unknown fields (a copy with ${typo} passed it)`);
  }
}

if (problems.length > 0) {
  console.error(problems.map((p) => `lint: ${p}`).join("\n"));
  process.exit(1);
}
console.log(`lint: ${documents.length} Kubernetes documents valid`);
