/**
 * `telematics listen`: a local webhook receiver. The options become a plan (plan.ts), each route
 * gets its keys (keys.ts), the HTTP server (src/io/http-server.ts) runs the request pipeline
 * (src/io/listen-service.ts) around the pure handler (src/core/webhook), and Ctrl-C prints a
 * summary (summary.ts) and exits 130.
 */
import { relative } from "node:path";
import { UsageError } from "../../core/errors.js";
import { eventFilter } from "../../core/glob.js";
import type { RouteConfig, WebhookConfig } from "../../core/webhook/index.js";
import { stopCode, stopped, type Context } from "../../context.js";
import { readUserFile, within } from "../../io/files.js";
import { printBanner } from "./banner.js";
import { routeKeys, type RouteKey } from "./keys.js";
import { planListen, type ListenInput, type ListenPlan } from "./plan.js";
import { printSummary } from "./summary.js";

/** --allow-ip values: addresses and CIDR ranges. */
async function allowList(entries: readonly string[]): Promise<((ip: string) => boolean) | undefined> {
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
    return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
  };
}

/**
 * The inspector page for listen --ui: replay targets are the listener's routes (and the app of
 * --forward-to), and an edited body is re-signed with the key the route checks it with.
 */
async function startInspector(plan: ListenPlan, routes: RouteConfig[], keys: Record<string, RouteKey>[], origin: string, ctx: Context) {
  const { startInspector: start, providerResign } = await import("../../io/inspector/index.js");
  const targets: Record<string, string> = {};
  for (const r of plan.routes) targets[plan.routes.length === 1 ? "listener" : `listener ${r.path}`] = `${origin}${r.path}`;
  const apps = [...new Set(plan.routes.map((r) => r.forwardTo).filter((u): u is string => u !== undefined))];
  apps.forEach((u, i) => (targets[apps.length === 1 ? "app" : `app ${i + 1}`] = u));
  const secretFor = (provider: string) => {
    const i = routes.findIndex((r) => r.keys[provider]?.keys.length);
    return i < 0 ? undefined : keys[i]![provider]?.keys[0];
  };
  return start({ port: plan.ui!.port, history: plan.ui!.history, targets, resign: providerResign({ secretFor, now: ctx.now }), redact: (t) => ctx.out.redact(t) });
}

export async function run(input: ListenInput, ctx: Context): Promise<number> {
  const { out } = ctx;
  const plan = planListen(input, ctx.project, (p) => within(ctx.cwd, p));
  for (const r of plan.routes) for (const s of r.redact) out.addSecret(s);
  if (plan.forwardSecret !== undefined) out.addSecret(plan.forwardSecret);
  const tls = plan.tls ? { cert: readUserFile("--tls-cert", plan.tls.cert, ctx.cwd), key: readUserFile("--tls-key", plan.tls.key, ctx.cwd) } : undefined;
  const allowPeer = await allowList(plan.allowIp);
  const keys = plan.routes.map((r) => routeKeys(r, input, ctx));
  const show = eventFilter(plan.events);

  // ── Modules for the work itself (zod comes with the schemas) ──
  const [webhook, { openEventLog }, { startHttpServer }, { ListenService }, forwardModule] = await Promise.all([
    import("../../core/webhook/index.js"),
    import("../../io/event-log.js"),
    import("../../io/http-server.js"),
    import("../../io/listen-service.js"),
    plan.routes.some((r) => r.forwardTo) ? import("../../io/listen-forward.js") : undefined,
  ]);

  let log: Awaited<ReturnType<typeof openEventLog>> | undefined;
  if (plan.logPath) {
    if (plan.logPath.startsWith(ctx.project.path(".telematics"))) (await import("../../io/dev-secrets.js")).ensureStateDir(ctx.project.root);
    try {
      log = await openEventLog(plan.logPath, { ...(plan.logMaxBytes !== undefined && { maxBytes: plan.logMaxBytes }) });
    } catch (e) {
      throw new UsageError(`--log: ${(e as Error).message}`);
    }
  }
  const forwarder = forwardModule ? await forwardModule.createForwarder({ timeoutMs: plan.forwardTimeoutMs, now: ctx.now }) : undefined;

  const routes: RouteConfig[] = plan.routes.map((r, i) => ({
    path: r.path,
    method: r.method,
    provider: r.provider === "auto" ? "auto" : r.provider.name,
    ...(r.provider !== "auto" && r.provider.label !== r.provider.name && { label: r.provider.label }),
    scheme: r.scheme,
    keys: Object.fromEntries(Object.entries(keys[i]!).map(([name, k]) => [name, { keys: k.keys, ...(k.kind === "dev" && { dev: true, hint: k.hint }) }])),
    strict: r.strict,
    ...(r.forwardTo && { forwardTo: r.forwardTo }),
    ...(r.forwardAuthorization && { forwardAuthorization: r.forwardAuthorization }),
    ...(plan.forwardSecret !== undefined && { forwardSecret: plan.forwardSecret }),
  }));
  const config: WebhookConfig = {
    routes,
    maxBodyBytes: plan.maxBodyBytes,
    lateAfterMs: plan.lateAfterMs,
    ...(plan.respond !== undefined && { respond: plan.respond }),
    ...(plan.failFirst !== undefined && { failFirst: plan.failFirst }),
    ...(plan.delayMs > 0 && { delayMs: plan.delayMs }),
    ...(allowPeer && { allowPeer }),
  };
  let ui: import("../../io/inspector/index.js").Inspector | undefined;
  const service = new ListenService({
    config,
    state: new webhook.WebhookState(),
    ...(log && { log }),
    ...(forwarder && { forwarder }),
    out,
    verbose: plan.verbose,
    show,
    onRecord: (record, headers) => ui?.add(record, headers ? { headers } : undefined),
  });

  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    server = await startHttpServer(
      { host: plan.host, port: plan.port, ...(tls && { tls }), maxBodyBytes: plan.maxBodyBytes, requestTimeoutMs: plan.requestTimeoutMs, headersTimeoutMs: Math.min(10_000, plan.requestTimeoutMs), now: ctx.now },
      {
        request: (req) => service.request(req),
        problem: (p) => service.problem(p),
        onError: (e) => {
          const err = e instanceof Error ? e : new Error(String(e));
          out.error(`listener error: ${err.message}`);
          if (ctx.debug && err.stack) out.info(err.stack);
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

  if (plan.ui) {
    try {
      ui = await startInspector(plan, routes, keys, server.origin, ctx);
    } catch (e) {
      await server.close(0);
      await log?.close();
      await forwarder?.close();
      throw new UsageError(`--ui-port ${plan.ui.port}: ${(e as Error).message}`);
    }
  }
  printBanner(ctx, { plan, keys, origin: server.origin, logPath: log ? relative(ctx.cwd, log.path) || log.path : undefined, allowPeer: allowPeer !== undefined, ...(ui && { uiUrl: ui.url }) });
  if (ui && plan.ui?.open) (await import("../inspect/index.js")).openBrowser(ui.url, (m) => out.warn(m));

  // The schemas are built on first use: build them now, so the first event is answered as fast as the rest.
  setImmediate(() => webhook.warmUp());

  // ── Run until stopped ──
  await stopped(ctx.signal);
  await server.close(2_000);
  await ui?.close();
  await forwarder?.close();
  await log?.close();
  service.flush();
  await printSummary(ctx, service.stats, service.handled, log ? relative(ctx.cwd, log.path) || log.path : undefined, log?.lines);
  return stopCode(ctx.signal);
}
