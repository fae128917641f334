#!/usr/bin/env node
// Checks k8s/ without a cluster (run by .ci/run):
//   node check.cjs --schema-only        every manifest kustomize would apply, against the
//                                       Kubernetes 1.27 and KEDA schemas (kubernetes-models)
//   node check.cjs --help-file FILE     also the contract with the service, from the jar's
//                                       --help: env vars it reads, roles, probe paths, the port;
//                                       and cross references (Services, Secrets, the ConfigMap,
//                                       the KEDA trigger)
//   node check.cjs --help-file FILE --self-test
//                                       breaks the manifests in memory, one way per check, and
//                                       fails unless each break is reported: a check that cannot
//                                       fail proves nothing.
// Exit code 0 when clean; 1 with one line per problem.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const ROOT = path.resolve(__dirname, "..", "..");
const K8S = path.join(ROOT, "k8s");
/** Our containers: those running the image the Dockerfile builds. */
const IMAGE = "jobs-service";
/** The longest job the service runs: a sleep job's bound (SleepAnalysis.MAX_MS), in seconds. */
const LONGEST_JOB_SECONDS = 3600;
/** workers.shutdown_grace_ms in conf/config.json when a manifest does not set it. */
const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

// ---------- loading ----------

/** A kustomization and what it applies: {namespace, docs: [{file, doc}], secrets: {name: [keys]}}. */
function loadKustomization(dir, seenFiles) {
  const file = path.join(dir, "kustomization.yaml");
  const k = parseOne(file);
  const out = { namespace: k.namespace, docs: [], secrets: {} };
  for (const entry of k.resources || []) {
    const target = path.resolve(dir, entry);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      const inner = loadKustomization(target, seenFiles);
      out.docs.push(...inner.docs);
      Object.assign(out.secrets, inner.secrets);
    } else {
      seenFiles.add(target);
      for (const doc of parseAll(target)) {
        out.docs.push({ file: rel(target), doc });
      }
    }
  }
  for (const gen of k.secretGenerator || []) {
    const keys = [];
    for (const env of gen.envs || []) {
      // The real file is kept out of git; its committed example names the same keys.
      const example = path.resolve(dir, env + ".example");
      seenFiles.add(example);
      for (const line of fs.readFileSync(example, "utf8").split("\n")) {
        const m = /^([A-Za-z0-9_.-]+)=/.exec(line);
        if (m) keys.push(m[1]);
      }
    }
    out.secrets[gen.name] = keys;
  }
  return out;
}

function parseAll(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  const out = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${rel(file)}: ${d.errors[0].message}`);
    const js = d.toJS();
    if (js != null) out.push(js);
  }
  return out;
}

function parseOne(file) {
  const docs = parseAll(file);
  if (docs.length !== 1) throw new Error(`${rel(file)}: expected one YAML document, found ${docs.length}`);
  return docs[0];
}

function rel(file) {
  return path.relative(ROOT, file);
}

// ---------- schema ----------

function model(apiVersion, kind) {
  const pkg = apiVersion.startsWith("keda.sh/")
    ? `@kubernetes-models/keda/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;
  try {
    return require(pkg)[kind];
  } catch (e) {
    return null;
  }
}

function checkSchemas(docs, errors) {
  for (const { file, doc } of docs) {
    const where = `${file}: ${doc.kind}/${doc.metadata && doc.metadata.name}`;
    if (!doc.apiVersion || !doc.kind) {
      errors.push(`${file}: a document without apiVersion and kind`);
      continue;
    }
    if (!doc.metadata || !doc.metadata.name) errors.push(`${where}: no metadata.name`);
    const Model = model(doc.apiVersion, doc.kind);
    if (!Model) {
      errors.push(`${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(structuredClone(doc)).validate();
    } catch (e) {
      errors.push(`${where}: schema: ${e.message}`);
    }
  }
}

// ---------- the service's contract, from --help ----------

function parseHelp(text) {
  const section = (title) => {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith(title));
    if (start < 0) throw new Error(`--help has no "${title}" section`);
    const out = [];
    for (const l of lines.slice(start + 1)) {
      if (!l.trim()) break;
      out.push(l);
    }
    return out;
  };
  const env = new Set(section("Environment variables").map((l) => /^\s+([A-Z][A-Z0-9_]*)\s/.exec(l)).filter(Boolean)
    .map((m) => m[1]));
  const roles = new Set(section("Roles").map((l) => /^\s+([a-z]+)\s{2,}/.exec(l)).filter(Boolean).map((m) => m[1]));
  const endpoints = {};
  for (const m of text.matchAll(/GET (\/\S+)\s+(liveness|readiness|metrics):/g)) endpoints[m[2]] = m[1];
  for (const need of ["liveness", "readiness", "metrics"]) {
    if (!endpoints[need]) throw new Error(`--help names no ${need} endpoint`);
  }
  if (env.size < 5 || roles.size < 3) throw new Error(`--help lists too little: env ${[...env]}, roles ${[...roles]}`);
  return { env, roles, endpoints };
}

/** The final stage's WORKDIR and EXPOSEd ports of the Dockerfile. */
function parseDockerfile() {
  let workdir = "/";
  let expose = [];
  for (const line of fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8").split("\n")) {
    const m = /^\s*(FROM|WORKDIR|EXPOSE)\s+(.*)$/i.exec(line);
    if (!m) continue;
    const word = m[1].toUpperCase();
    if (word === "FROM") {
      workdir = "/";
      expose = [];
    } else if (word === "WORKDIR") {
      workdir = path.posix.resolve(workdir, m[2].trim());
    } else {
      expose.push(...m[2].trim().split(/\s+/).map((p) => parseInt(p, 10)));
    }
  }
  return { workdir, expose };
}

function checkContract(k, help, errors) {
  const docs = k.docs.map((d) => d.doc);
  const byKind = (kind) => k.docs.filter((d) => d.doc.kind === kind);
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "conf", "config.json"), "utf8"));
  const docker = parseDockerfile();
  const defaultPort = (config.http && config.http.port) || 8080;
  if (!docker.expose.includes(defaultPort)) {
    errors.push(`Dockerfile: EXPOSE ${docker.expose.join(" ")} does not include the service's port ${defaultPort}`);
  }

  // The ConfigMap of conf/: the same settings as conf/config.json.
  const configMaps = new Map(byKind("ConfigMap").map((d) => [d.doc.metadata.name, d]));
  for (const [name, { file, doc }] of configMaps) {
    if (doc.data && doc.data["config.json"] !== undefined) {
      let parsed;
      try {
        parsed = JSON.parse(doc.data["config.json"]);
      } catch (e) {
        errors.push(`${file}: ConfigMap/${name} config.json is not JSON: ${e.message}`);
        continue;
      }
      if (!deepEqual(parsed, config)) {
        errors.push(`${file}: ConfigMap/${name} config.json differs from conf/config.json`);
      }
    }
  }

  const workloads = k.docs.filter((d) => ["Deployment", "StatefulSet"].includes(d.doc.kind));
  const services = byKind("Service");
  const secretKeys = { ...k.secrets };
  for (const { doc } of byKind("Secret")) {
    secretKeys[doc.metadata.name] = Object.keys({ ...doc.data, ...doc.stringData });
  }

  for (const { file, doc } of workloads) {
    const pod = doc.spec.template.spec;
    const where = `${file}: ${doc.kind}/${doc.metadata.name}`;
    for (const c of pod.containers) {
      const cw = `${where} container ${c.name}`;
      const env = Object.fromEntries((c.env || []).map((e) => [e.name, e]));
      for (const e of c.env || []) {
        const ref = e.valueFrom && e.valueFrom.secretKeyRef;
        if (ref && !(secretKeys[ref.name] || []).includes(ref.key)) {
          errors.push(`${cw}: env ${e.name} reads key "${ref.key}" of Secret "${ref.name}", which is not defined`);
        }
      }
      if (imageName(c.image) !== IMAGE) continue;

      for (const name of Object.keys(env)) {
        if (!help.env.has(name)) errors.push(`${cw}: sets env ${name}, which the service does not read (see --help)`);
      }
      const role = env.JOBS_ROLE && env.JOBS_ROLE.value;
      if (!help.roles.has(role)) errors.push(`${cw}: JOBS_ROLE "${role}" is not one of ${[...help.roles].join(", ")}`);
      if (role === "worker" && !(pod.terminationGracePeriodSeconds > LONGEST_JOB_SECONDS)) {
        errors.push(`${where}: terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} is not longer `
          + `than the longest job (${LONGEST_JOB_SECONDS} s): SIGTERM would cut running jobs short`);
      }
      if (role === "worker" || role === "all") {
        // The worker's own grace must end before the kubelet's, so it hands back unfinished jobs.
        const graceMs = env.JOBS_SHUTDOWN_GRACE_MS ? parseInt(env.JOBS_SHUTDOWN_GRACE_MS.value, 10) : DEFAULT_SHUTDOWN_GRACE_MS;
        const podGrace = pod.terminationGracePeriodSeconds === undefined ? 30 : pod.terminationGracePeriodSeconds;
        if (!(graceMs + 10_000 <= podGrace * 1000)) {
          errors.push(`${cw}: JOBS_SHUTDOWN_GRACE_MS ${graceMs} does not end at least 10 s before `
            + `terminationGracePeriodSeconds ${podGrace}: running jobs would be killed instead of handed back`);
        }
      }
      // Workers may serve only configured queues (the service refuses to start otherwise).
      const configured = configuredQueues(env, config);
      for (const q of servedQueues(env, config)) {
        if (!configured.includes(q)) {
          errors.push(`${cw}: JOBS_WORKER_QUEUES names queue "${q}", which is not configured (JOBS_QUEUES: `
            + `${configured.join(",")})`);
        }
      }
      const redisUrl = env.REDIS_URL && env.REDIS_URL.value;
      if (redisUrl) checkRedisUrl(redisUrl, services, cw, errors);

      // The port the service listens on: HTTP_PORT, else the mounted config's, else the default.
      const port = env.HTTP_PORT ? parseInt(env.HTTP_PORT.value, 10) : defaultPort;
      const ports = c.ports || [];
      if (!ports.some((p) => p.containerPort === port)) {
        errors.push(`${cw}: declares no containerPort ${port}, the port the service listens on`);
      }
      const probes = { startupProbe: "liveness", livenessProbe: "liveness", readinessProbe: "readiness" };
      for (const [probe, kind] of Object.entries(probes)) {
        const p = c[probe];
        if (!p) {
          if (probe !== "startupProbe") errors.push(`${cw}: no ${probe}`);
          continue;
        }
        if (!p.httpGet) {
          errors.push(`${cw}: ${probe} is not an httpGet on ${help.endpoints[kind]}`);
          continue;
        }
        if (p.httpGet.path !== help.endpoints[kind]) {
          errors.push(`${cw}: ${probe} path ${p.httpGet.path} is not the service's ${kind} endpoint `
            + help.endpoints[kind]);
        }
        if (resolvePort(p.httpGet.port, ports) !== port) {
          errors.push(`${cw}: ${probe} port ${p.httpGet.port} is not the service's port ${port}`);
        }
      }
      const ann = (doc.spec.template.metadata && doc.spec.template.metadata.annotations) || {};
      if (ann["prometheus.io/scrape"] === "true") {
        if (parseInt(ann["prometheus.io/port"], 10) !== port) {
          errors.push(`${where}: prometheus.io/port ${ann["prometheus.io/port"]} is not the service's port ${port}`);
        }
        if (ann["prometheus.io/path"] !== help.endpoints.metrics) {
          errors.push(`${where}: prometheus.io/path ${ann["prometheus.io/path"]} is not ${help.endpoints.metrics}`);
        }
      }
      for (const kind of ["requests", "limits"]) {
        const r = (c.resources || {})[kind] || {};
        if (!r.cpu || !r.memory) errors.push(`${cw}: resources.${kind} needs cpu and memory`);
      }
      // The ConfigMap of conf/ must be mounted where the jar reads it: <working dir>/conf.
      const workdir = c.workingDir || docker.workdir;
      for (const m of c.volumeMounts || []) {
        const vol = (pod.volumes || []).find((v) => v.name === m.name);
        if (!vol || !vol.configMap) continue;
        if (!configMaps.has(vol.configMap.name)) errors.push(`${cw}: mounts ConfigMap ${vol.configMap.name}, not defined`);
        if (m.mountPath !== path.posix.join(workdir, "conf")) {
          errors.push(`${cw}: ConfigMap mounted at ${m.mountPath}; the jar reads ${path.posix.join(workdir, "conf")}`);
        }
      }
    }
  }

  // A Service or PDB selects the pods it is meant for, on ports they have.
  for (const { file, doc } of [...services, ...byKind("PodDisruptionBudget")]) {
    const where = `${file}: ${doc.kind}/${doc.metadata.name}`;
    const selector = doc.kind === "Service" ? doc.spec.selector : (doc.spec.selector || {}).matchLabels;
    const target = workloads.find((w) => matches(selector, w.doc.spec.template.metadata.labels));
    if (!target) {
      errors.push(`${where}: its selector matches no pod template`);
      continue;
    }
    if (doc.kind === "Service") {
      const podPorts = target.doc.spec.template.spec.containers.flatMap((c) => c.ports || []);
      for (const p of doc.spec.ports) {
        if (resolvePort(p.targetPort || p.port, podPorts) === undefined) {
          errors.push(`${where}: targetPort ${p.targetPort} is no port of ${target.doc.kind}/${target.doc.metadata.name}`);
        }
      }
    }
  }

  for (const { file, doc } of byKind("StatefulSet")) {
    const where = `${file}: StatefulSet/${doc.metadata.name}`;
    const c = doc.spec.template.spec.containers[0];
    const args = (c.command || []).concat(c.args || []).map(String);
    if (!/redis/.test(c.image)) continue;
    const flag = (name) => args[args.indexOf(name) + 1];
    if (flag("--appendonly") !== "yes") errors.push(`${where}: Redis without --appendonly yes`);
    const pass = /^\$\((\w+)\)$/.exec(flag("--requirepass") || "");
    const passEnv = pass && (c.env || []).find((e) => e.name === pass[1]);
    if (!passEnv || !(passEnv.valueFrom && passEnv.valueFrom.secretKeyRef)) {
      errors.push(`${where}: Redis password (--requirepass) does not come from a Secret`);
    }
    const claims = (doc.spec.volumeClaimTemplates || []).map((v) => v.metadata.name);
    if (!(c.volumeMounts || []).some((m) => claims.includes(m.name))) {
      errors.push(`${where}: Redis data is not on a PersistentVolumeClaim`);
    }
  }

  for (const { file, doc } of byKind("ScaledObject")) {
    const where = `${file}: ScaledObject/${doc.metadata.name}`;
    const target = workloads.find((w) => w.doc.kind === "Deployment" && w.doc.metadata.name === doc.spec.scaleTargetRef.name);
    const worker = target && target.doc.spec.template.spec.containers.find((c) => imageName(c.image) === IMAGE);
    const env = Object.fromEntries(((worker && worker.env) || []).map((e) => [e.name, e]));
    if (!worker || !env.JOBS_ROLE || env.JOBS_ROLE.value !== "worker") {
      errors.push(`${where}: scaleTargetRef ${doc.spec.scaleTargetRef.name} is not a Deployment of workers`);
      continue;
    }
    const prefix = env.JOBS_PREFIX ? env.JOBS_PREFIX.value : config.redis.prefix;
    // The list of each queue the target serves: {prefix}:queue for "default", {prefix:q:<name>}:queue else.
    const keys = servedQueues(env, config).map((q) => (q === "default" ? `{${prefix}}:queue` : `{${prefix}:q:${q}}:queue`));
    for (const t of doc.spec.triggers) {
      if (t.type !== "redis") continue;
      const m = t.metadata;
      if (!keys.includes(m.listName)) {
        errors.push(`${where}: listName ${m.listName} is not the queue's key (${keys.join(" or ")}) of a queue `
          + `that ${doc.spec.scaleTargetRef.name} serves`);
      }
      const [host, port] = String(m.address || "").split(":");
      const [svc, ns] = host.split(".");
      const service = services.find((s) => s.doc.metadata.name === svc);
      if (!service || ns !== k.namespace || !service.doc.spec.ports.some((p) => p.port === parseInt(port, 10))) {
        errors.push(`${where}: address ${m.address} is not a Redis Service port in namespace ${k.namespace}`);
      }
      if (m.passwordFromEnv && !env[m.passwordFromEnv]) {
        errors.push(`${where}: passwordFromEnv ${m.passwordFromEnv} is not set on the worker container`);
      }
    }
  }
}

/** The named queues a container's service knows: JOBS_QUEUES, else jobs.queues of conf/config.json. */
function configuredQueues(env, config) {
  const text = env.JOBS_QUEUES && env.JOBS_QUEUES.value;
  if (text) return text.split(",").map((q) => q.trim());
  return (config.jobs && config.jobs.queues) || ["default"];
}

/** The queues a worker container serves: the names of JOBS_WORKER_QUEUES (name:count,...), else every configured one. */
function servedQueues(env, config) {
  const text = env.JOBS_WORKER_QUEUES && env.JOBS_WORKER_QUEUES.value;
  if (text) return text.split(",").map((pair) => pair.split(":")[0].trim());
  return configuredQueues(env, config);
}

function checkRedisUrl(url, services, where, errors) {
  const m = /^rediss?:\/\/(?:[^@]*@)?([^:/]+)(?::(\d+))?/.exec(url);
  const service = m && services.find((s) => s.doc.metadata.name === m[1]);
  if (!service || !service.doc.spec.ports.some((p) => p.port === parseInt(m[2] || "6379", 10))) {
    errors.push(`${where}: REDIS_URL ${url} is not a Service port in these manifests`);
  }
}

function imageName(image) {
  return String(image || "").split("/").pop().split(":")[0];
}

function resolvePort(port, ports) {
  if (typeof port === "number") return ports.some((p) => p.containerPort === port) ? port : undefined;
  const named = ports.find((p) => p.name === port);
  return named && named.containerPort;
}

function matches(selector, labels) {
  return selector && labels && Object.keys(selector).length > 0
    && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function deepEqual(a, b) {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

// ---------- running ----------

/** Every manifest file under k8s/ must be applied by a kustomization: no file forgotten. */
function checkNothingLeftOut(seenFiles, errors) {
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
  for (const f of walk(K8S)) {
    if (/\.ya?ml$/.test(f) && path.basename(f) !== "kustomization.yaml" && !seenFiles.has(f)) {
      errors.push(`${rel(f)}: not listed in any kustomization.yaml, so never applied`);
    }
  }
}

function loadAll() {
  const seen = new Set();
  // k8s/keda applies everything k8s/ does, plus the ScaledObject.
  // k8s/queues adds, over k8s/keda, a worker Deployment and a ScaledObject for the queue "reports".
  const roots = [loadKustomization(K8S, seen), loadKustomization(path.join(K8S, "keda"), seen),
    loadKustomization(path.join(K8S, "queues"), seen)];
  return { roots, seen };
}

function runChecks(roots, seen, help) {
  const errors = [];
  const unique = [];
  const keys = new Set();
  for (const r of roots) {
    for (const d of r.docs) {
      const key = `${d.file}|${d.doc.kind}|${d.doc.metadata && d.doc.metadata.name}`;
      if (!keys.has(key)) {
        keys.add(key);
        unique.push(d);
      }
    }
  }
  checkSchemas(unique, errors);
  if (seen) checkNothingLeftOut(seen, errors);
  if (help) for (const r of roots) checkContract(r, help, errors);
  return [...new Set(errors)];
}

/** Each break, and a fragment of the error it must cause. */
const BREAKS = [
  ["schema: a replica count that is not a number", "must be integer",
    (f) => (f("Deployment", "jobs-worker").spec.replicas = "two")],
  ["an env var the service does not read", "does not read",
    (f) => container(f("Deployment", "jobs-api")).env.push({ name: "JOBS_WORKER_COUNT", value: "2" })],
  ["a role the service does not know", "is not one of",
    (f) => (env(f("Deployment", "jobs-worker"), "JOBS_ROLE").value = "workers")],
  ["a liveness probe on a path the service does not serve", "not the service's liveness",
    (f) => (container(f("Deployment", "jobs-api")).livenessProbe.httpGet.path = "/healthz")],
  ["a readiness probe on the liveness path", "not the service's readiness",
    (f) => (container(f("Deployment", "jobs-worker")).readinessProbe.httpGet.path = "/health/live")],
  ["a probe on another port", "is not the service's port",
    (f) => (container(f("Deployment", "jobs-api")).readinessProbe.httpGet.port = 9090)],
  ["HTTP_PORT moved without the containerPort", "declares no containerPort",
    (f) => container(f("Deployment", "jobs-worker")).env.push({ name: "HTTP_PORT", value: "9000" })],
  ["a Service targetPort no pod has", "targetPort",
    (f) => (f("Service", "jobs-api").spec.ports[0].targetPort = "web")],
  ["the ConfigMap drifting from conf/config.json", "differs from conf/config.json",
    (f) => (f("ConfigMap", "jobs-config").data["config.json"] =
      f("ConfigMap", "jobs-config").data["config.json"].replace('"prefix": "jobs"', '"prefix": "queue"'))],
  ["the ConfigMap mounted where the jar does not look", "the jar reads",
    (f) => (container(f("Deployment", "jobs-api")).volumeMounts[0].mountPath = "/conf")],
  ["the KEDA list name not the queue's key", "is not the queue's key",
    (f) => (f("ScaledObject", "jobs-worker").spec.triggers[0].metadata.listName = "jobs:queue")],
  ["the KEDA address in another namespace", "is not a Redis Service",
    (f) => (f("ScaledObject", "jobs-worker").spec.triggers[0].metadata.address = "redis.default.svc.cluster.local:6379")],
  ["a queue's KEDA trigger reading another queue's list", "is not the queue's key",
    (f) => (f("ScaledObject", "jobs-worker-reports").spec.triggers[0].metadata.listName = "{jobs}:queue")],
  ["workers serving a queue that is not configured", "which is not configured",
    (f) => (env(f("Deployment", "jobs-worker-reports"), "JOBS_WORKER_QUEUES").value = "report:4")],
  ["a worker grace that outlasts the pod's", "JOBS_SHUTDOWN_GRACE_MS",
    (f) => (f("Deployment", "jobs-worker").spec.template.spec.containers[0].env
      .find((e) => e.name === "JOBS_SHUTDOWN_GRACE_MS").value = "3700000")],
  ["a grace period shorter than the longest job", "terminationGracePeriodSeconds",
    (f) => (f("Deployment", "jobs-worker").spec.template.spec.terminationGracePeriodSeconds = 30)],
  ["a Secret key that does not exist", "is not defined",
    (f) => (env(f("Deployment", "jobs-api"), "REDIS_PASSWORD").valueFrom.secretKeyRef.key = "pass")],
  ["Redis without append-only persistence", "--appendonly",
    (f) => (container(f("StatefulSet", "redis")).args[1] = "no")],
  ["REDIS_URL pointing at no Service", "REDIS_URL",
    (f) => (env(f("Deployment", "jobs-worker"), "REDIS_URL").value = "redis://redis-master:6379")],
];

function container(workload) {
  return workload.spec.template.spec.containers[0];
}

function env(workload, name) {
  return container(workload).env.find((e) => e.name === name);
}

function selfTest(roots, help) {
  const failures = [];
  const clean = runChecks(roots, null, help);
  if (clean.length) failures.push(`the manifests as they are should pass: ${clean.join("; ")}`);
  for (const [what, expected, breakIt] of BREAKS) {
    const copy = structuredClone(roots);
    breakIt((kind, name) => {
      const hit = copy.flatMap((r) => r.docs).find((d) => d.doc.kind === kind && d.doc.metadata.name === name);
      if (!hit) throw new Error(`self-test: no ${kind}/${name}`);
      return hit.doc;
    });
    syncCopies(copy);
    const errors = runChecks(copy, null, help);
    const caught = errors.filter((e) => e.includes(expected));
    console.log(`${caught.length ? "caught" : "MISSED"}: ${what}${caught.length ? ` -> ${caught[0]}` : ""}`);
    if (!caught.length) failures.push(`not caught: ${what} (expected an error with "${expected}")`);
  }
  return failures;
}

/** After a break applied to the first root's copy of a document, gives the other roots the same. */
function syncCopies(roots) {
  const byKey = new Map();
  for (const d of roots[0].docs) byKey.set(`${d.file}|${d.doc.kind}|${d.doc.metadata.name}`, d.doc);
  for (const r of roots.slice(1)) {
    for (const d of r.docs) {
      const doc = byKey.get(`${d.file}|${d.doc.kind}|${d.doc.metadata.name}`);
      if (doc) d.doc = doc;
    }
  }
}

function main(argv) {
  const helpAt = argv.indexOf("--help-file");
  const help = helpAt >= 0 ? parseHelp(fs.readFileSync(argv[helpAt + 1], "utf8")) : null;
  if (!help && !argv.includes("--schema-only")) {
    console.error("usage: check.cjs --schema-only | --help-file FILE [--self-test]");
    return 2;
  }
  const { roots, seen } = loadAll();
  if (argv.includes("--self-test")) {
    const failures = selfTest(roots, help);
    failures.forEach((f) => console.log(`FAIL ${f}`));
    console.log(failures.length ? "self-test failed" : `self-test: all ${BREAKS.length} breaks caught`);
    return failures.length ? 1 : 0;
  }
  const errors = runChecks(roots, seen, help);
  errors.forEach((e) => console.log(`ERROR ${e}`));
  const count = new Set(roots.flatMap((r) => r.docs.map((d) => `${d.file}|${d.doc.kind}|${d.doc.metadata.name}`))).size;
  console.log(errors.length ? `${errors.length} problem(s) in k8s/`
    : `k8s/: ${count} manifests valid${help ? ", and they match the service's --help" : " (schemas)"}`);
  return errors.length ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.log(`ERROR ${e.message}`);
  process.exitCode = 1;
}
