/**
 * `telematics send`: the options become a plan (plan.ts), the payloads items (items.ts), each
 * provider gets its key (given, configured, or — towards this machine only — the dev secret), and
 * the runner (src/io/send-runner.ts) sends them; report.ts prints what happened.
 */
import { formatDuration } from "../../core/duration.js";
import { EXIT, UsageError } from "../../core/errors.js";
import { randomBytes } from "node:crypto";
import { eventIdentity } from "../../core/events/facts.js";
import type { Provider } from "../../core/providers/index.js";
import { detectEvent } from "../../core/schemas/detect.js";
import { setPath, unsetPath } from "../../core/send/edit.js";
import { shiftToNow, withNewIds } from "../../core/send/refresh.js";
import { policyFor } from "../../core/send/retry.js";
import { stopCode, type Context } from "../../context.js";
import { givenSecrets, keysFor, noSecret, type Keys } from "../../io/secrets.js";
import { chooseProvider, type ChosenProvider } from "../provider-choice.js";
import { loadItems, type Item } from "./items.js";
import { planSend, sourceOf, targetOf, type SendInput } from "./plan.js";
import { resolve } from "../../core/options.js";
import { LISTEN_OPTIONS } from "../listen/spec.js";
import { printSummary, progressLine, reportResult } from "./report.js";

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The delivery's id as the receiver dedupes it: the delivery-id header, or the event's own id. */
function eventIdOf(provider: Provider, payload: unknown, headers: Record<string, string>): string | undefined {
  const header = provider.deliveryIdHeader ? headers[provider.deliveryIdHeader] : undefined;
  return header ?? eventIdentity(detectEvent(payload) ?? { provider: provider.name, event: "" }, payload).id;
}

/**
 * Without --to, in a project whose listener has routes: the local URL of the route that receives
 * this provider (the listener's port and the route's path).
 */
function projectUrl(provider: string, ctx: Context): string {
  const route = ctx.project.routes().find((r) => r.settings.provider === provider);
  if (!route) throw new UsageError("--to URL is required: where to send, e.g. --to http://127.0.0.1:4000/");
  const { values } = resolve({ port: LISTEN_OPTIONS.port }, { flags: {}, env: ctx.env, layers: ctx.project.layers("listen") });
  return `http://127.0.0.1:${values.port}${route.path}`;
}

/** On a terminal, asks for what is missing: the provider and event, the URL. */
async function interactive(input: SendInput, ctx: Context): Promise<void> {
  const v = input.values;
  const { select, input: ask } = await import("@inquirer/prompts");
  const io = { input: ctx.stdin, output: ctx.stderr };
  if (sourceOf(v) === undefined) {
    const { listFixtures } = await import("../../io/fixtures.js");
    const all = await listFixtures();
    const names = [...new Set(all.map((f) => f.provider))];
    const provider = await select({ message: "Provider", choices: names.map((p) => ({ name: p, value: p })) }, io);
    v.fixture = await select({ message: "Event", choices: all.filter((f) => f.provider === provider).map((f) => ({ name: `${f.name}  (${f.event})`, value: f.id })) }, io);
  }
  if (v.to === undefined) v.to = await ask({ message: "URL", default: "http://127.0.0.1:4000/" }, io);
}

/** Asks for a secret on a terminal, for a URL that is not this machine. */
async function askSecret(provider: ChosenProvider, ctx: Context): Promise<string | undefined> {
  const { password } = await import("@inquirer/prompts");
  const p = provider.provider;
  const secret = await password({ message: p.auth === "bearer" ? "Bearer token (empty for none)" : `${p.title} ${p.secretName}`, mask: "*" }, { input: ctx.stdin, output: ctx.stderr });
  return secret || undefined;
}

export async function run(input: SendInput, ctx: Context): Promise<number> {
  const { out } = ctx;
  const v = input.values;
  if (v.listScenarios) {
    const { listScenarios } = await import("../../core/scenarios/index.js");
    for (const s of listScenarios()) {
      if (out.json) out.record({ name: s.name, provider: s.provider, description: s.description, fixtures: s.fixtures });
      else out.data(`${s.name.padEnd(18)} ${s.provider.padEnd(12)} ${s.description}`);
    }
    return EXIT.ok;
  }
  const canPrompt = ctx.stdin.isTTY === true && out.stderrIsTTY && !out.json && !ctx.env.CI;
  if (canPrompt && (sourceOf(v) === undefined || v.to === undefined)) await interactive(input, ctx);
  const plan = planSend(input);
  const forced = v.provider !== undefined ? chooseProvider(v.provider, "--provider", ctx.project, v) : undefined;
  const items = await loadItems(plan, ctx, forced);
  const target = targetOf(plan.to ?? projectUrl(items[0]!.provider.label, ctx));
  for (const s of target.basic?.secrets ?? []) out.addSecret(s);

  // Keys: given (flags, environment) for every provider, else each provider's from the config
  // file, else — towards this machine only — the project's dev secret.
  const secrets = givenSecrets(v, input.sources, ctx);
  if (v.token !== undefined) out.addSecret(v.token);
  const keyOf = new Map<string, string>();
  for (const item of items) {
    const p = item.provider;
    if (keyOf.has(p.label) || p.provider.auth === "unsigned") continue;
    const bearer = p.provider.auth === "bearer";
    const given: Keys | undefined = bearer ? (v.token !== undefined ? { keys: [v.token], from: "--token", kind: "flag", sendFlags: "" } : secrets) : secrets;
    const keys = keysFor({ label: p.label, provider: p.provider, given, dev: target.loopback }, ctx);
    let key = keys?.keys[0];
    if (key === undefined && canPrompt && !plan.dryRun) key = await askSecret(p, ctx);
    if (key !== undefined) out.addSecret(key);
    if (key === undefined && p.provider.secretRequired) {
      throw new UsageError(`${noSecret(`${p.provider.title} ${p.provider.secretName}`).message}${target.loopback ? "" : ` (a dev secret is only used towards this machine; ${target.url.host} is not)`}`);
    }
    keyOf.set(p.label, key ?? "");
  }

  if (plan.method === "GET") {
    const without = items.find((i) => !i.provider.provider.query);
    if (without) throw new UsageError(`--method GET: ${without.provider.label} delivers its events as a POST body, not in a query string`);
    if (plan.asIs) throw new UsageError("--method GET builds the query from the payload: it cannot be combined with --as-is");
  }
  const count = plan.count ?? items.length;
  const scenario = plan.source.kind === "scenario";
  // Moving every timestamp of a payload is the costly part of a fresh event: done once per item
  // and second, each event then gets only its new ids (send --count at thousands per second).
  const shifted = new Map<Item, { second: number; payload: unknown; bytes?: Buffer }>();
  const current = (item: Item) => {
    const now = ctx.now();
    const second = Math.floor(now / 1000);
    const hit = shifted.get(item);
    if (hit && hit.second === second) return hit;
    const entry: { second: number; payload: unknown; bytes?: Buffer } = { second, payload: shiftToNow(item.provider.name, item.payload, now) };
    shifted.set(item, entry);
    return entry;
  };
  // Signing is deterministic for schemes without a timestamp: the same bytes get the same headers.
  const signedFor = new WeakMap<Uint8Array, Record<string, string>>();

  const sign = (item: Item, bytes: Uint8Array, id?: string) => {
    const p = item.provider.provider;
    const deliveryId = id ?? p.newDeliveryId?.(randomBytes);
    return p.sign({ body: bytes, secret: keyOf.get(item.provider.label) ?? "", ...(deliveryId && { id: deliveryId }), timestamp: Math.floor(ctx.now() / 1000), options: item.provider.scheme });
  };

  /** Event `index`: its bytes and headers. Fresh ids and times unless --as-is. */
  const build = (index: number) => {
    const item = items[index % items.length]!;
    let bytes = item.bytes;
    let payload = item.payload;
    if (!plan.asIs && payload !== undefined) {
      if (item.fresh && index < items.length) payload = plan.edits.length ? structuredClone(payload) : payload;
      else {
        const entry = current(item);
        payload = withNewIds(item.provider.name, entry.payload, Math.random);
        // No ids to renew and nothing to edit: this second's bytes serve every event.
        if (payload === entry.payload && plan.edits.length === 0) bytes = entry.bytes ??= Buffer.from(JSON.stringify(payload));
        else if (plan.edits.length) payload = structuredClone(payload);
      }
      for (const e of plan.edits) {
        if ("set" in e) setPath(payload, e.set, e.value);
        else unsetPath(payload, e.unset);
      }
      if (bytes === item.bytes) bytes = Buffer.from(JSON.stringify(payload));
    }
    // A signature over a timestamp is made anew for every event; the others are the same for the same bytes.
    const timestamped = item.provider.provider.timestamped;
    const cached = timestamped ? undefined : signedFor.get(bytes);
    if (cached) return { item, bytes, payload, headers: cached };
    const headers: Record<string, string> = { ...sign(item, bytes), ...plan.headers, "User-Agent": "telematics-send" };
    if (item.provider.provider.auth === "bearer" && !keyOf.get(item.provider.label)) delete headers.Authorization;
    // Basic authorization from the URL, unless the provider or --header brings its own.
    if (target.basic && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) headers.Authorization = target.basic.authorization;
    if (!timestamped) signedFor.set(bytes, headers);
    return { item, bytes, payload, headers };
  };

  /** The request of event `index`: a POST of its bytes, or a GET with its query. */
  const request = (i: number) => {
    const built = build(i);
    if (plan.method === "POST") return { ...built, url: target.url };
    const url = new URL(target.url);
    for (const [k, val] of built.item.provider.provider.query!.fromPayload(built.payload as Record<string, unknown>)) url.searchParams.append(k, val);
    const headers = Object.fromEntries(Object.entries(built.headers).filter(([k]) => k.toLowerCase() !== "content-type"));
    return { ...built, url, headers };
  };

  if (plan.dryRun) {
    const n = Number.isFinite(count) ? count : items.length;
    for (let i = 0; i < n; i++) {
      const { bytes, headers, url } = request(i);
      const body = plan.method === "GET" ? undefined : Buffer.from(bytes).toString("utf8");
      if (out.json) out.record({ dry_run: true, method: plan.method, url: url.toString(), headers, ...(body !== undefined && { body }) });
      else out.data(["curl", "-sS", ...(body !== undefined ? ["-X", "POST"] : []), shellQuote(url.toString()), ...Object.entries(headers).flatMap(([k, val]) => ["-H", shellQuote(`${k}: ${val}`)]), ...(body !== undefined ? ["--data-raw", shellQuote(body)] : [])].join(" "));
    }
    return EXIT.ok;
  }

  const single = count === 1 || scenario;
  const { runSends } = await import("../../io/send-runner.js");
  let tallyNow: import("../../io/send-runner.js").Tally | undefined;
  const progress = out.stderrIsTTY && !out.json && !single ? setInterval(() => tallyNow && ctx.stderr.write(`\r${out.chalk.dim(progressLine(tallyNow, count))}   `), 200) : undefined;
  let summary;
  try {
    const payloads = new Map<number, unknown>();
    summary = await runSends({
      count,
      concurrency: plan.concurrency,
      ...(plan.rate !== undefined && { rate: plan.rate }),
      ...(plan.durationMs !== undefined && { durationMs: plan.durationMs }),
      ...(scenario && plan.pace !== undefined && { dueAt: (i: number) => items[i]?.atMs ?? 0 }),
      timeoutMs: plan.timeoutMs,
      policy: (i) => (plan.retry ? policyFor(items[i % items.length]!.provider.name, plan.schedule) : undefined),
      build: (i) => {
        const { item, bytes, payload, headers, url } = request(i);
        const eventId = eventIdOf(item.provider.provider, payload, headers);
        if (item.provider.provider.checkAnswer) payloads.set(i, payload);
        return {
          label: item.label,
          method: plan.method,
          url,
          bytes,
          headers,
          ...(eventId && { eventId }),
          // Receivers check a signed timestamp: a retry is signed again, with the same delivery id.
          ...(item.provider.provider.timestamped && { resign: (h: Record<string, string>) => ({ ...h, ...sign(item, bytes, item.provider.provider.deliveryIdHeader ? h[item.provider.provider.deliveryIdHeader] : undefined) }) }),
        };
      },
      signal: ctx.signal,
      now: ctx.now,
      onRetry: (r, reason, attempt, delay) => {
        if (!out.json) out.info(out.chalk.yellow(`${r.label}: ${reason}; retry ${attempt} in ${formatDuration(delay)}`));
      },
      // A receiver that must compute its answer (Smartcar's challenge) is checked on it.
      checkAnswer: (i, status, body) => {
        const item = items[i % items.length]!;
        const p = item.provider.provider;
        const payload = payloads.get(i);
        payloads.delete(i);
        if (!p.checkAnswer || !payload || typeof payload !== "object") return undefined;
        const event = detectEvent(payload)?.event ?? "";
        return p.checkAnswer(event, payload as Record<string, unknown>, { status, body }, keyOf.get(item.provider.label) ?? "");
      },
      onResult: (r) => reportResult(out, target.url, r, single),
      onTally: (t) => (tallyNow = t),
    });
  } finally {
    if (progress) {
      clearInterval(progress);
      ctx.stderr.write("\r\u001b[K");
    }
  }
  const { tally } = summary;
  if (!single || tally.sent > 1) await printSummary(out, summary);
  if (summary.interrupted) return stopCode(ctx.signal);
  if (tally.undelivered > 0) {
    out.error(`${tally.undelivered} of ${tally.sent} event${tally.sent === 1 ? " was" : "s were"} not delivered`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
