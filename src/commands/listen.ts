/**
 * `telematics listen`: a local webhook receiver. Parses the options, prints the banner, runs the
 * HTTP server (src/io/http-server.ts) with the request pipeline (src/io/listen-service.ts) around
 * the pure handler (src/core/webhook), and prints a summary on Ctrl-C (exit 130).
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { formatDuration, parseDuration } from "../core/duration.js";
import { EXIT, UsageError } from "../core/errors.js";
import { eventFilter } from "../core/glob.js";
import { providerNames, type ProviderName } from "../core/providers/index.js";
import type { Context, GlobalOptions } from "../context.js";
import { resolveSecrets, type SecretFlags } from "../io/secrets.js";
import { hideUserinfo, takeBasicAuth } from "../core/headers.js";
import { integer } from "./options.js";
import { schemeOptions, type SchemeFlags } from "./scheme-options.js";

export interface ListenFlags extends GlobalOptions, SecretFlags, SchemeFlags {
  args?: string[];
  port?: string;
  host?: string;
  path?: string;
  provider?: string;
  token?: string[];
  maxBody?: string;
  /** A file, or false for --no-log. */
  log?: string | false;
  lateAfter?: string;
  strict?: boolean;
  events?: string;
  verbose?: boolean;
  forwardTo?: string;
  forwardSecret?: string;
  forwardTimeout?: string;
  respond?: string;
  failFirst?: string;
  delay?: string;
  tlsCert?: string;
  tlsKey?: string;
  allowIp?: string[];
  requestTimeout?: string;
}

export const DEFAULT_LOG = ".telematics/events.ndjson";
const DEFAULT_PORT = 4000;

/** "1mb", "512kb", "64KiB", "1048576" → bytes. */
export function parseSize(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${flag} ${text}: expected a size such as 1mb, 512kb or 1048576 (bytes)`);
  const unit = (m[2] ?? "b").toLowerCase()[0]!;
  const bytes = Math.floor(Number(m[1]) * ({ b: 1, k: 1024, m: 1 << 20, g: 1 << 30 } as Record<string, number>)[unit]!);
  if (bytes < 1) throw new UsageError(`${flag} ${text}: must be at least 1 byte`);
  return bytes;
}

function duration(flag: string, value: string | undefined, fallbackMs: number, unit: "s" | "ms" = "s"): number {
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value, unit);
  if (ms === undefined || ms < 0) throw new UsageError(`${flag} ${value}: expected a duration such as ${unit === "ms" ? "250, 250ms or 2s" : "30s, 5m or 250ms"}`);
  return ms;
}

function readPem(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${path}: cannot read it (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? (e as Error).message)})`);
  }
}

/** --allow-ip values (repeatable, comma-separated): addresses and CIDR ranges. */
async function allowList(values: readonly string[] | undefined): Promise<((ip: string) => boolean) | undefined> {
  const entries = (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  const { BlockList, isIP } = await import("node:net");
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    if (family === 0 || rest.length > 0 || (prefix !== undefined && (!/^\d+$/.test(bits!) || prefix > (family === 6 ? 128 : 32)))) {
      throw new UsageError(`--allow-ip ${entry}: expected an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8`);
    }
    const type = family === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return (ip: string) => {
    const family = isIP(ip);
    if (family === 0) return false;
    return list.check(ip, family === 6 ? "ipv6" : "ipv4");
  };
}

interface SecretSource {
  /** How the banner describes it. */
  text: string;
  /** What to add to a `telematics send` command to use the same secret. */
  sendFlags: string;
}

function secretSource(flags: ListenFlags, env: Context["env"], count: number): SecretSource | undefined {
  if (count === 0) return undefined;
  const n = `${count} secret${count === 1 ? "" : "s"}`;
  if (flags.secretEnv) return { text: `from $${flags.secretEnv} (${n})`, sendFlags: `--secret-env ${flags.secretEnv}` };
  if (flags.secretFile) return { text: `from the file ${flags.secretFile} (${n})`, sendFlags: `--secret-file ${flags.secretFile}` };
  if (flags.secret?.length) return { text: `from --secret (${n})`, sendFlags: `--secret "$SECRET"` };
  if (env.TELEMATICS_SECRET) return { text: `from $TELEMATICS_SECRET (${n})`, sendFlags: "" };
  return { text: n, sendFlags: "" };
}

/** A ready-to-run `telematics send` that delivers a test event to this listener. */
export function sendExample(provider: string, source: SecretSource | undefined, bearer: boolean, url: string): string {
  const secret = source ? (source.sendFlags || "") : provider === "automatic" ? "" : '--secret "$SECRET"';
  let args: string;
  switch (provider) {
    case "uber":
      args = `--fixture uber/driver_online ${secret}`;
      break;
    case "events-push":
      args = `--fixture events-push/overspeed${bearer ? ' --token "$TOKEN"' : ""}`;
      break;
    case "automatic":
      args = "--fixture automatic/trip_finished";
      break;
    case "standard-webhooks":
    case "hmac":
      args = `--fixture zubie/trip_end --provider ${provider} ${secret}`;
      break;
    case "auto":
      args = source ? `--fixture zubie/trip_end ${secret}` : "--fixture automatic/trip_finished";
      break;
    default:
      args = `--fixture zubie/trip_end ${secret}`;
  }
  return `telematics send ${args.replace(/\s+/g, " ").trim()} --to ${url}`;
}

export async function run(flags: ListenFlags, ctx: Context): Promise<number> {
  const { out, env } = ctx;

  // ── Options ──
  const port = integer("--port", flags.port ?? String(DEFAULT_PORT), 0)!;
  if (port > 65_535) throw new UsageError(`--port ${port}: expected 0 to 65535`);
  const host = flags.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host is empty");
  const path = flags.path ?? "/";
  if (!path.startsWith("/") || /\s/.test(path)) throw new UsageError(`--path ${path}: expected a URL path starting with /, such as /webhooks/zubie`);
  if (/[?#]/.test(path)) throw new UsageError(`--path ${path.replace(/[?#].*/, "")}…: a path only, without a query string or fragment (requests are matched on their path; the query is ignored)`);
  const providerText = flags.provider ?? "auto";
  if (providerText !== "auto" && !(providerNames as string[]).includes(providerText)) {
    throw new UsageError(`--provider ${providerText}: unknown provider (one of: auto, ${providerNames.join(", ")})`);
  }
  const provider = providerText as "auto" | ProviderName;
  const scheme = schemeOptions(flags);
  const maxBodyBytes = flags.maxBody === undefined ? 1 << 20 : parseSize("--max-body", flags.maxBody);
  const lateAfterMs = duration("--late-after", flags.lateAfter, 5 * 60_000);
  const requestTimeoutMs = duration("--request-timeout", flags.requestTimeout, 30_000);
  if (requestTimeoutMs < 100) throw new UsageError(`--request-timeout ${flags.requestTimeout}: must be at least 100ms`);
  const forwardTimeoutMs = duration("--forward-timeout", flags.forwardTimeout, 10_000);
  const delayMs = duration("--delay", flags.delay, 0, "ms");
  const respond = integer("--respond", flags.respond, 200);
  if (respond !== undefined && respond > 599) throw new UsageError(`--respond ${respond}: expected an HTTP status from 200 to 599`);
  const failFirst = integer("--fail-first", flags.failFirst, 1);
  let forwardTo: string | undefined;
  let forwardAuthorization: string | undefined;
  if (flags.forwardTo !== undefined) {
    let u: URL;
    // Messages never show a password given in the URL.
    const given = hideUserinfo(flags.forwardTo);
    try {
      u = new URL(flags.forwardTo);
    } catch {
      throw new UsageError(`--forward-to ${given}: not a URL (expected e.g. http://localhost:3000/webhooks)`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new UsageError(`--forward-to ${given}: expected an http:// or https:// URL`);
    // user:password@ becomes Basic authorization for the app; the URL shown and logged has none.
    const basic = takeBasicAuth(u);
    if (basic) {
      forwardAuthorization = basic.authorization;
      for (const secret of basic.secrets) out.addSecret(secret);
    }
    forwardTo = u.href;
  }
  if (flags.forwardSecret !== undefined && !forwardTo) throw new UsageError("--forward-secret needs --forward-to");
  if (respond !== undefined && forwardTo) throw new UsageError("--respond and --forward-to do not go together: with --forward-to the sender gets your app's status (use --fail-first to fail the first deliveries before forwarding)");
  if (flags.forwardSecret === "") throw new UsageError("--forward-secret is empty");
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UsageError(flags.tlsCert === undefined ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
  const tls = flags.tlsCert !== undefined ? { cert: readPem("--tls-cert", flags.tlsCert), key: readPem("--tls-key", flags.tlsKey!) } : undefined;
  const allowPeer = await allowList(flags.allowIp);

  const secrets = resolveSecrets(flags, env, out);
  const tokens = [...(flags.token ?? [])];
  if (tokens.length === 0 && env.TELEMATICS_TOKEN) tokens.push(env.TELEMATICS_TOKEN);
  for (const t of tokens) {
    if (t.trim() === "") throw new UsageError("--token is empty");
    out.addSecret(t);
  }
  if (flags.forwardSecret !== undefined) out.addSecret(flags.forwardSecret);

  const logSetting = flags.log === false || (typeof flags.log === "string" && ["off", "none", "false"].includes(flags.log.toLowerCase())) ? undefined : (flags.log ?? DEFAULT_LOG);
  if (logSetting === "") throw new UsageError("--log is empty (use --no-log to keep no log)");
  const logPath = logSetting === undefined ? undefined : isAbsolute(logSetting) ? logSetting : resolve(ctx.cwd, logSetting);
  const show = eventFilter(flags.events);

  // ── Modules for the work itself (zod comes with the schemas) ──
  const [webhook, { openEventLog }, { startHttpServer }, { ListenService }, forwardModule] = await Promise.all([
    import("../core/webhook/index.js"),
    import("../io/event-log.js"),
    import("../io/http-server.js"),
    import("../io/listen-service.js"),
    forwardTo ? import("../io/listen-forward.js") : undefined,
  ]);

  let log: Awaited<ReturnType<typeof openEventLog>> | undefined;
  if (logPath) {
    try {
      log = await openEventLog(logPath);
    } catch (e) {
      throw new UsageError(`--log: ${(e as Error).message}`);
    }
  }
  const forwarder = forwardModule ? await forwardModule.createForwarder({ timeoutMs: forwardTimeoutMs, now: ctx.now }) : undefined;

  const config: import("../core/webhook/index.js").WebhookConfig = {
    provider,
    path,
    secrets,
    tokens,
    scheme,
    maxBodyBytes,
    lateAfterMs,
    strict: flags.strict === true,
    requestTimeoutMs,
    ...(respond !== undefined && { respond }),
    ...(failFirst !== undefined && { failFirst }),
    ...(delayMs > 0 && { delayMs }),
    ...(forwardTo && { forwardTo }),
    ...(forwardAuthorization && { forwardAuthorization }),
    ...(flags.forwardSecret !== undefined && { forwardSecret: flags.forwardSecret }),
    ...(allowPeer && { allowPeer }),
  };
  const service = new ListenService({ config, state: new webhook.WebhookState(), ...(log && { log }), ...(forwarder && { forwarder }), out, verbose: flags.verbose === true, show });

  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    server = await startHttpServer(
      {
        host,
        port,
        ...(tls && { tls }),
        maxBodyBytes,
        requestTimeoutMs,
        headersTimeoutMs: Math.min(10_000, requestTimeoutMs),
        now: ctx.now,
      },
      {
        request: (req) => service.request(req),
        problem: (p) => service.problem(p),
        onError: (e) => {
          const err = e instanceof Error ? e : new Error(String(e));
          out.error(`listener error: ${err.message}`);
          if (flags.debug && err.stack) out.info(err.stack);
        },
      },
    );
  } catch (e) {
    await log?.close();
    await forwarder?.close();
    const message = (e as Error).message;
    if (/PEM|certificate|key/i.test(message) && tls) throw new UsageError(`--tls-cert/--tls-key: not a usable certificate and key (${message})`);
    throw new UsageError(message);
  }

  // Signals are handled from here on (before the banner tells anyone the listener is up).
  const stopped = new Promise<number>((resolveCode) => {
    const onSigint = () => finish(EXIT.interrupted);
    const onSigterm = () => finish(EXIT.ok);
    const finish = (code: number) => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      resolveCode(code);
    };
    process.once("SIGINT", onSigint);
    process.once("SIGTERM", onSigterm);
  });

  // ── Banner (stderr) ──
  const url = `${server.origin}${path}`;
  const c = out.chalk;
  const source = secretSource(flags, env, secrets.length);
  out.info(`${c.bold("telematics listen")}: receiving webhooks at ${c.cyan(url)}`);
  out.info(`  provider  ${provider === "auto" ? "auto (from the signature headers, then from the payload's shape)" : provider}`);
  const tokenSource = tokens.length ? `${flags.token?.length ? "from --token" : "from $TELEMATICS_TOKEN"} (${tokens.length})` : undefined;
  if (provider === "automatic") {
    out.info("  auth      none: Automatic webhooks are unsigned");
  } else if (provider === "events-push") {
    out.info(`  token     ${tokenSource ?? (source ? source.text : c.yellow("none: bearer tokens are NOT checked (give --token)"))}`);
  } else {
    out.info(`  secret    ${source ? source.text : c.yellow("none: signatures are NOT verified (give --secret, --secret-env or --secret-file)")}`);
    if (provider === "auto") out.info(`  token     ${tokenSource ?? "none: Events Push bearer tokens are not checked (--token)"}`);
  }
  out.info(`  log       ${logPath ? relative(ctx.cwd, logPath) || logPath : "off (--no-log)"}`);
  if (forwardTo) out.info(`  forward   ${forwardTo}${forwardAuthorization ? " (with Basic authorization from the URL's user and password)" : ""}${flags.forwardSecret !== undefined ? " (re-signed with --forward-secret)" : ""}`);
  if (respond !== undefined || failFirst !== undefined || delayMs > 0) {
    const sim = [respond !== undefined && `answer ${respond}`, failFirst !== undefined && `fail the first ${failFirst}`, delayMs > 0 && `wait ${formatDuration(delayMs)} before answering`].filter(Boolean).join(", ");
    out.info(`  simulate  ${sim}`);
  }
  if (host === "0.0.0.0" || host === "::" || host === "[::]") {
    out.warn(`listening on all interfaces (${host}): anyone who can reach this machine can send requests${allowPeer ? "" : " (restrict with --allow-ip)"}`);
  }
  out.info(`  try it    ${sendExample(provider, source, tokens.length > 0 || (provider === "events-push" && secrets.length > 0), url)}`);
  out.info(c.dim(`Paste ${url} into the provider's dashboard (it must be able to reach this machine). Ctrl-C to stop.`));

  // The schemas are built on first use: build them now, so the first event is answered as fast as the rest.
  setImmediate(() => webhook.warmUp());

  // ── Run until Ctrl-C ──
  const code = await stopped;

  await server.close(2_000);
  await forwarder?.close();
  await log?.close();
  service.flush();
  await printSummary(ctx, service.stats, service.handled, log ? relative(ctx.cwd, log.path) || log.path : undefined, log?.lines);
  return code;
}

async function printSummary(
  ctx: Context,
  stats: Map<string, import("../io/listen-service.js").TypeStats>,
  handled: number,
  logPath: string | undefined,
  logLines: number | undefined,
): Promise<void> {
  const { out } = ctx;
  if (handled === 0) {
    out.info("no requests received");
    return;
  }
  const { renderTable } = await import("../io/table.js");
  const ms = (v: number | undefined) => (v === undefined ? undefined : `${v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : Math.round(v)}ms`);
  const rows = [...stats.entries()]
    .sort(([a], [b]) => (a.startsWith("(") === b.startsWith("(") ? a.localeCompare(b) : a.startsWith("(") ? 1 : -1))
    .map(([type, s]) => [type, s.received, s.verified, s.failed, s.duplicates, s.late, ms(s.handling.percentile(50)), ms(s.handling.percentile(99))] as const);
  const sum = (i: 1 | 2 | 3 | 4 | 5) => rows.reduce((n, r) => n + r[i], 0);
  out.info(renderTable(out, ["event", "received", "verified", "failed", "duplicates", "late", "p50", "p99"], [...rows, ["total", sum(1), sum(2), sum(3), sum(4), sum(5), undefined, undefined]]));
  if (logPath) out.info(`${logLines ?? 0} record${logLines === 1 ? "" : "s"} appended to ${logPath}`);
}
