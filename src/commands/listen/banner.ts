/**
 * What `listen` says on stderr when it is up: the URL of each route (to paste into that provider's
 * dashboard), where each provider's keys come from, the log, forwarding and simulations, and a
 * `telematics send` that delivers a verified test event.
 */
import { formatDuration } from "../../core/duration.js";
import { normalizePath } from "../../core/webhook/identify.js";
import { getProvider } from "../../core/providers/index.js";
import type { Context } from "../../context.js";
import { exampleSend } from "../examples.js";
import type { RouteKey } from "./keys.js";
import type { ListenPlan, PlannedRoute } from "./plan.js";

export interface BannerInput {
  plan: ListenPlan;
  keys: Record<string, RouteKey>[];
  origin: string;
  logPath: string | undefined;
  allowPeer: boolean;
  /** The inspector page (--ui), with its token. */
  uiUrl?: string;
}

function providerText(route: PlannedRoute): string {
  return route.provider === "auto" ? "auto (from the signature headers, then from the payload's shape)" : route.provider.label;
}

/** "zubie: $ZUBIE_SECRET (telematics.config.json:4:20)" lines, the dev secrets together. */
function keyLines(route: PlannedRoute, keys: Record<string, RouteKey>, ctx: Context): string[] {
  const c = ctx.out.chalk;
  const lines: string[] = [];
  if (route.provider !== "auto" && route.provider.provider.auth === "unsigned") return [`auth      none: ${route.provider.provider.title} webhooks are unsigned`];
  const dev = Object.entries(keys).filter(([, k]) => k.kind === "dev").map(([n]) => n);
  // Providers whose keys come from the same place share a line.
  const groups = new Map<string, { what: string; count: number; names: string[] }>();
  for (const [name, k] of Object.entries(keys)) {
    if (k.kind === "dev") continue;
    const what = getProvider(name)?.auth === "bearer" ? "token" : "secret";
    const key = `${what}\u0000${k.from}`;
    const g = groups.get(key) ?? { what, count: k.keys.length, names: [] };
    g.names.push(name);
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    const from = key.split("\u0000")[1]!;
    lines.push(`${g.what.padEnd(9)} from ${from} (${g.count} ${g.what}${g.count === 1 ? "" : "s"})${route.provider === "auto" ? `: ${g.names.join(", ")}` : ""}`);
  }
  if (dev.length) {
    // The config named a variable that is not set: say so, it is why the dev secret is used.
    for (const name of dev) if (keys[name]!.from.includes("not set")) lines.push(`${"dev".padEnd(9)} ${name}: ${keys[name]!.from}`);
    lines.push(
      `${"dev".padEnd(9)} ${c.yellow(`${route.provider === "auto" ? dev.join(", ") + ": " : ""}the project's dev secret${dev.length > 1 ? "s" : ""}`)} (.telematics/dev-secrets.json): telematics send signs with ${dev.length > 1 ? "them" : "it"} towards this machine; real deliveries need the real ${dev.length > 1 ? "secrets" : "secret"} (${keys[dev[0]!]!.hint})`,
    );
  }
  return lines;
}

export function printBanner(ctx: Context, b: BannerInput): void {
  const { out } = ctx;
  const c = out.chalk;
  const { plan } = b;
  const url = (r: PlannedRoute) => `${b.origin}${normalizePath(r.path) === "/" && r.path === "/" ? "/" : r.path}`;
  if (plan.routes.length === 1) {
    const r = plan.routes[0]!;
    out.info(`${c.bold("telematics listen")}: receiving webhooks at ${c.cyan(url(r))}${r.method === "GET" ? " (GET)" : ""}`);
    out.info(`  provider  ${providerText(r)}`);
    for (const line of keyLines(r, b.keys[0]!, ctx)) out.info(`  ${line}`);
  } else {
    out.info(`${c.bold("telematics listen")}: receiving webhooks on ${plan.routes.length} routes`);
    plan.routes.forEach((r, i) => {
      out.info(`  ${r.method.padEnd(4)} ${c.cyan(url(r))}  ${providerText(r)}${r.forwardTo ? ` → ${r.forwardTo}` : ""}`);
      for (const line of keyLines(r, b.keys[i]!, ctx)) out.info(`       ${line}`);
    });
  }
  out.info(`  log       ${b.logPath ?? "off (--no-log)"}${plan.logMaxBytes !== undefined && b.logPath ? ` (rotated at ${Math.round(plan.logMaxBytes / 1024 / 1024) || "<1"} MiB to ${b.logPath?.replace(/\.ndjson$/, "")}.1.ndjson)` : ""}`);
  if (b.uiUrl) out.info(`  inspect   ${c.cyan(b.uiUrl)}  (the page; its token signs the browser in)`);
  const forwards = [...new Set(plan.routes.map((r) => r.forwardTo).filter(Boolean))];
  if (forwards.length === 1 && plan.routes.length === 1) {
    const r = plan.routes[0]!;
    out.info(`  forward   ${r.forwardTo}${r.forwardAuthorization ? " (with Basic authorization from the URL's user and password)" : ""}${plan.forwardSecret !== undefined ? " (re-signed with --forward-secret)" : ""}`);
  }
  if (plan.respond !== undefined || plan.failFirst !== undefined || plan.delayMs > 0) {
    const sim = [plan.respond !== undefined && `answer ${plan.respond}`, plan.failFirst !== undefined && `fail the first ${plan.failFirst}`, plan.delayMs > 0 && `wait ${formatDuration(plan.delayMs)} before answering`].filter(Boolean).join(", ");
    out.info(`  simulate  ${sim}`);
  }
  if (plan.host === "0.0.0.0" || plan.host === "::" || plan.host === "[::]") {
    out.warn(`listening on all interfaces (${plan.host}): anyone who can reach this machine can send requests${b.allowPeer ? "" : " (restrict with --allow-ip)"}`);
  }
  const first = plan.routes[0]!;
  const firstKeys = b.keys[0]!;
  const label = first.provider === "auto" ? undefined : first.provider.label;
  const k = label ? firstKeys[first.provider === "auto" ? "" : first.provider.name] : firstKeys.zubie;
  out.info(`  try it    ${exampleSend(label, url(first), k?.sendFlags ?? "", first.method)}`);
  out.info(c.dim(`Paste ${plan.routes.length === 1 ? url(first) : "each URL"} into ${plan.routes.length === 1 ? "the provider's" : "its provider's"} dashboard (it must be able to reach this machine). Ctrl-C to stop.`));
}
