/**
 * `telematics inspect [LOG...]`: the local web inspector over event logs written by `listen` and
 * `tail --save`, following them as they grow. The server is src/io/inspector; this parses the
 * flags, loads the logs, prints the URL (with its token) and runs until Ctrl-C (exit 130).
 */
import { relative } from "node:path";
import { UsageError } from "../../core/errors.js";
import { isLoopback } from "../../core/net.js";
import { getProvider } from "../../core/providers/index.js";
import { stopCode, stopped, type Context } from "../../context.js";
import { within } from "../../io/files.js";
import { givenSecrets, keysFor } from "../../io/secrets.js";
import type { CommandInput } from "../spec.js";
import type { INSPECT_OPTIONS } from "./spec.js";

const DEFAULT_LOG = ".telematics/events.ndjson";

/**
 * The secret that re-signs an edited body for `provider` towards `url`: given, else configured,
 * else — towards this machine only — the project's dev secret.
 */
export function secretFor(ctx: Context, given: ReturnType<typeof givenSecrets>) {
  return (provider: string, url: string | undefined): string | undefined => {
    const p = getProvider(provider);
    if (!p) return undefined;
    let loopback = false;
    try {
      loopback = url !== undefined && isLoopback(new URL(url));
    } catch {
      loopback = false;
    }
    return keysFor({ label: provider, provider: p, given, dev: loopback }, ctx)?.keys[0];
  };
}

/** --replay-to NAME=URL or URL (named after its host and port). */
export function replayTargets(values: readonly string[] | undefined): Record<string, string> {
  const targets: Record<string, string> = {};
  for (const value of values ?? []) {
    const m = /^([A-Za-z][\w-]{0,31})=(.*)$/.exec(value);
    const text = m ? m[2]! : value;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(`--replay-to ${value}: not a URL (expected e.g. http://127.0.0.1:3000/hooks or app=http://127.0.0.1:3000/hooks)`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--replay-to ${value}: expected an http:// or https:// URL`);
    if (url.username || url.password) throw new UsageError(`--replay-to ${m ? m[1] : url.host}: a URL with user:password@ is not supported here`);
    let name = m ? m[1]! : url.host;
    if (Object.hasOwn(targets, name)) {
      if (m) throw new UsageError(`--replay-to: the name ${name} is given twice`);
      let n = 2;
      while (Object.hasOwn(targets, `${name}-${n}`)) n++;
      name = `${name}-${n}`;
    }
    targets[name] = url.href;
  }
  return targets;
}

export function openBrowser(url: string, onError: (message: string) => void): void {
  void import("node:child_process").then(({ spawn }) => {
    const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
    const child = spawn(cmd as string, args as string[], { stdio: "ignore", detached: true });
    child.on("error", (e) => onError(`cannot open a browser (${(e as NodeJS.ErrnoException).code ?? e.message}): open the URL yourself`));
    child.unref();
  });
}

export async function run(input: CommandInput<typeof INSPECT_OPTIONS>, ctx: Context): Promise<number> {
  const { out } = ctx;
  const v = input.values;
  const { port, history, follow } = v;
  const targets = replayTargets(v.replayTo);
  const given = givenSecrets(v, input.sources, ctx);
  const paths = input.args.length ? input.args.map((p) => within(ctx.cwd, p)) : [ctx.project.path(DEFAULT_LOG)];
  const shown = (p: string) => relative(ctx.cwd, p) || p;

  const { startInspector, openLogs, providerResign } = await import("../../io/inspector/index.js");
  const keyOf = secretFor(ctx, given);

  let problems = 0;
  const problem = (p: { path: string; message: string }) => {
    problems++;
    if (problems <= 5) out.warn(`${shown(p.path)}: ${p.message}${problems === 5 ? " (further problems are counted, not shown)" : ""}`);
  };
  let inspector: Awaited<ReturnType<typeof startInspector>> | undefined;
  let logs: ReturnType<typeof openLogs>;
  try {
    logs = openLogs(paths, history, {
      record: (r) => inspector?.add(r.record, r.bodyText !== undefined ? { bodyText: r.bodyText } : undefined),
      problem,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!follow && logs.missing.length) {
    logs.close();
    throw new UsageError(`cannot read the event log ${shown(logs.missing[0]!)}: no such file`);
  }

  try {
    inspector = await startInspector({
      port,
      history,
      targets,
      resign: providerResign({ secretFor: (provider, target) => keyOf(provider, targets[target]), now: ctx.now }),
      redact: (text) => out.redact(text),
    });
  } catch (e) {
    logs.close();
    throw new UsageError((e as Error).message);
  }
  for (const r of logs.initial) inspector.add(r.record, r.bodyText !== undefined ? { bodyText: r.bodyText } : undefined);
  if (follow) logs.follow();

  // ── Banner (stderr) ──
  const c = out.chalk;
  out.info(`${c.bold("telematics inspect")}: ${c.cyan(inspector.url)}`);
  const logText = paths.map((p) => `${shown(p)}${logs.missing.includes(p) ? " (not there yet: shown once it is written)" : ""}`).join(", ");
  out.info(`  logs      ${logText}${follow ? " (following)" : ""}`);
  out.info(`  loaded    ${inspector.store.size} record${inspector.store.size === 1 ? "" : "s"} (keeps the last ${history})`);
  const names = Object.entries(targets);
  out.info(`  replay    ${names.length ? names.map(([n, u]) => `${n} → ${u}`).join(", ") : "none (give --replay-to URL to replay events from the page)"}`);
  if (names.length) out.info(`  re-sign   edited bodies with ${given ? `the first of ${given.keys.length} secret${given.keys.length === 1 ? "" : "s"} from ${given.from}` : "each provider's secret from the config file, or the dev secret towards this machine"}`);
  out.info(c.dim("Open the URL above (its token signs the browser in; the page is served on 127.0.0.1 only). Ctrl-C to stop."));
  if (v.open) openBrowser(inspector.url, (m) => out.warn(m));

  await stopped(ctx.signal);
  logs.close();
  await inspector.close();
  return stopCode(ctx.signal);
}
