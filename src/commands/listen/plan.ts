/**
 * `listen`'s options as a typed plan (pure): the routes it serves — from --route flags, else the
 * config file's `routes`, else one route at --path for --provider — and every setting checked.
 * Keys (secrets, tokens, dev secrets) are found later, when the plan runs (they need files).
 */
import { UsageError } from "../../core/errors.js";
import { hideUserinfo, takeBasicAuth } from "../../core/headers.js";
import type { SchemeOptions } from "../../core/providers/index.js";
import type { CommandInput } from "../spec.js";
import type { Project, Route } from "../../io/project.js";
import { chooseProvider, type ChosenProvider } from "../provider-choice.js";
import type { LISTEN_OPTIONS } from "./spec.js";
import { describeSource } from "../../core/options.js";
import { normalizePath } from "../../core/webhook/identify.js";
import type { RouteSettings } from "../../core/config/schema.js";

export type ListenInput = CommandInput<typeof LISTEN_OPTIONS>;

export interface PlannedRoute {
  path: string;
  method: "POST" | "GET";
  /** Fixed, or auto (then `scheme` holds the flags' scheme settings). */
  provider: ChosenProvider | "auto";
  scheme: SchemeOptions;
  strict: boolean;
  forwardTo?: string;
  forwardAuthorization?: string;
  /** Texts to redact (the password of a forward URL). */
  redact: string[];
  /** Where the route was declared: "--route", a config file location, or the default route. */
  from: string;
  /** The route's own key settings in the config file. */
  settings?: Route;
}

export interface ListenPlan {
  port: number;
  host: string;
  routes: PlannedRoute[];
  maxBodyBytes: number;
  lateAfterMs: number;
  requestTimeoutMs: number;
  forwardTimeoutMs: number;
  delayMs: number;
  respond?: number;
  failFirst?: number;
  forwardSecret?: string;
  tls?: { cert: string; key: string };
  allowIp: string[];
  /** Absolute path of the event log; undefined: none. */
  logPath?: string;
  events?: string;
  verbose: boolean;
  logMaxBytes?: number;
  /** The inspector page (--ui). */
  ui?: { port: number; history: number; open: boolean };
}

/** "/zubie=zubie", "GET /positions=traccar" → its parts. */
export function parseRoute(text: string): { method: "POST" | "GET"; path: string; provider: string } {
  const m = /^\s*(?:(GET|POST)\s+)?(\/\S*)\s*=\s*([A-Za-z0-9_.-]+)\s*$/i.exec(text);
  if (!m) throw new UsageError(`--route ${text}: expected PATH=PROVIDER, e.g. /zubie=zubie or "GET /positions=traccar"`);
  if (/[?#]/.test(m[2]!)) throw new UsageError(`--route ${text}: a path only, without a query string or fragment`);
  return { method: (m[1]?.toUpperCase() ?? "POST") as "POST" | "GET", path: m[2]!, provider: m[3]! };
}

function forward(url: string | undefined, where: string): { forwardTo?: string; forwardAuthorization?: string; redact: string[] } {
  if (url === undefined) return { redact: [] };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${where} ${hideUserinfo(url)}: not a URL (expected e.g. http://localhost:3000/webhooks)`);
  }
  // user:password@ becomes Basic authorization for the app; the URL shown and logged has none.
  const basic = takeBasicAuth(u);
  return { forwardTo: u.href, ...(basic && { forwardAuthorization: basic.authorization }), redact: basic?.secrets ?? [] };
}

export function planListen(input: ListenInput, project: Project, cwdPath: (p: string) => string): ListenPlan {
  const { values: v, sources: s } = input;
  if (v.respond !== undefined && v.forwardTo !== undefined) {
    throw new UsageError("--respond and --forward-to do not go together: with --forward-to the sender gets your app's status (use --fail-first to fail the first deliveries before forwarding)");
  }
  if (v.forwardSecret !== undefined && v.forwardTo === undefined && !project.routes().some((r) => r.settings.forwardTo)) throw new UsageError("--forward-secret needs --forward-to");
  if ((v.tlsCert === undefined) !== (v.tlsKey === undefined)) throw new UsageError(v.tlsCert === undefined ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");

  const flagScheme = { signatureHeader: v.signatureHeader, algorithm: v.algorithm, encoding: v.encoding, prefix: v.prefix, tolerance: v.tolerance };
  const routes: PlannedRoute[] = [];
  const fromFlags = v.route ?? [];
  const configured = fromFlags.length ? [] : project.routes();
  if ((fromFlags.length || configured.length) && (s.path?.kind === "flag" || s.provider?.kind === "flag")) {
    throw new UsageError(`${s.path?.kind === "flag" ? "--path" : "--provider"} and routes do not go together: each route names its path and provider (${fromFlags.length ? "--route" : "routes in the config file"})`);
  }
  const globalForward = v.forwardTo !== undefined && (s.forwardTo?.kind === "flag" || s.forwardTo?.kind === "env") ? v.forwardTo : undefined;
  const globalStrict = s.strict?.kind === "flag" || s.strict?.kind === "env" ? v.strict : undefined;
  const add = (path: string, method: "POST" | "GET", providerText: string, where: string, settings?: Route) => {
    const r: RouteSettings | undefined = settings?.settings;
    const provider = providerText === "auto" ? "auto" : chooseProvider(providerText, where, project, flagScheme);
    const fwd = forward(globalForward ?? r?.forwardTo ?? v.forwardTo, globalForward || !r?.forwardTo ? "--forward-to" : `${where}: forwardTo`);
    const route: PlannedRoute = {
      path,
      method,
      provider,
      scheme: provider === "auto" ? chooseProvider("hmac", where, project, flagScheme).scheme : provider.scheme,
      strict: globalStrict ?? r?.strict ?? v.strict === true,
      ...(fwd.forwardTo && { forwardTo: fwd.forwardTo }),
      ...(fwd.forwardAuthorization && { forwardAuthorization: fwd.forwardAuthorization }),
      redact: fwd.redact,
      from: where,
      ...(settings && { settings }),
    };
    const id = `${method} ${normalizePath(path)}`;
    if (routes.some((x) => `${x.method} ${normalizePath(x.path)}` === id)) throw new UsageError(`${where}: ${id} is served twice`);
    routes.push(route);
  };
  if (fromFlags.length) {
    for (const text of fromFlags) {
      const r = parseRoute(text);
      add(r.path, r.method, r.provider, `--route ${text}`);
    }
  } else if (configured.length) {
    for (const r of configured) add(r.path, r.method, r.settings.provider, describeSource(r.source), r);
  } else {
    add(v.path, "POST", v.provider, s.provider ? `--provider` : "--provider");
  }
  if (v.respond !== undefined && routes.some((r) => r.forwardTo)) throw new UsageError("--respond and forwardTo do not go together: with forwarding the sender gets your app's status");

  return {
    port: v.port,
    host: v.host,
    routes,
    maxBodyBytes: v.maxBody,
    lateAfterMs: v.lateAfter,
    requestTimeoutMs: v.requestTimeout,
    forwardTimeoutMs: v.forwardTimeout,
    delayMs: v.delay ?? 0,
    ...(v.respond !== undefined && { respond: v.respond }),
    ...(v.failFirst !== undefined && { failFirst: v.failFirst }),
    ...(v.forwardSecret !== undefined && { forwardSecret: v.forwardSecret }),
    ...(v.tlsCert !== undefined && { tls: { cert: v.tlsCert, key: v.tlsKey! } }),
    allowIp: v.allowIp ?? [],
    ...(v.log !== false && { logPath: s.log?.kind === "default" || s.log?.kind === "config" ? project.path(v.log) : cwdPath(v.log) }),
    ...(v.events !== undefined && { events: v.events }),
    verbose: v.verbose === true,
    ...(v.logMaxSize !== undefined && { logMaxBytes: v.logMaxSize }),
    ...(v.ui && { ui: { port: v.uiPort, history: v.uiHistory, open: v.open === true } }),
  };
}
