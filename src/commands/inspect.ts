/**
 * `telematics inspect [LOG...]`: the local web inspector over event logs written by `listen` and
 * `tail --save`, following them as they grow. The server is src/io/inspector; this parses the
 * flags, loads the logs, prints the URL (with its token) and runs until Ctrl-C (exit 130).
 */
import { isAbsolute, relative, resolve } from "node:path";
import { EXIT, UsageError } from "../core/errors.js";
import type { Context, GlobalOptions } from "../context.js";
import { resolveSecrets, type SecretFlags } from "../io/secrets.js";
import { integer } from "./options.js";

export interface InspectFlags extends GlobalOptions, SecretFlags {
  args?: string[];
  port?: string;
  history?: string;
  open?: boolean;
  replayTo?: string[];
  /** false for --no-follow. */
  follow?: boolean;
}

const DEFAULT_LOG = ".telematics/events.ndjson";

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

function openBrowser(url: string, onError: (message: string) => void): void {
  void import("node:child_process").then(({ spawn }) => {
    const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
    const child = spawn(cmd as string, args as string[], { stdio: "ignore", detached: true });
    child.on("error", (e) => onError(`cannot open a browser (${(e as NodeJS.ErrnoException).code ?? e.message}): open the URL yourself`));
    child.unref();
  });
}

export async function run(flags: InspectFlags, ctx: Context): Promise<number> {
  const { out } = ctx;
  const port = integer("--port", flags.port ?? "4040", 0)!;
  if (port > 65_535) throw new UsageError(`--port ${port}: expected 0 to 65535`);
  const history = integer("--history", flags.history ?? "10000", 1)!;
  if (history > 1_000_000) throw new UsageError(`--history ${history}: at most 1000000 entries are kept`);
  const targets = replayTargets(flags.replayTo);
  const secrets = resolveSecrets(flags, ctx.env, out);
  const follow = flags.follow !== false;
  const given = flags.args?.length ? flags.args : [DEFAULT_LOG];
  const paths = given.map((p) => (isAbsolute(p) ? p : resolve(ctx.cwd, p)));
  const shown = (p: string) => relative(ctx.cwd, p) || p;

  const { startInspector, openLogs, providerResign } = await import("../io/inspector/index.js");

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
      resign: providerResign({ secrets, now: ctx.now }),
      redact: (text) => out.redact(text),
    });
  } catch (e) {
    logs.close();
    throw new UsageError((e as Error).message);
  }
  for (const r of logs.initial) inspector.add(r.record, r.bodyText !== undefined ? { bodyText: r.bodyText } : undefined);
  if (follow) logs.follow();

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
  const c = out.chalk;
  out.info(`${c.bold("telematics inspect")}: ${c.cyan(inspector.url)}`);
  const logText = paths.map((p) => `${shown(p)}${logs.missing.includes(p) ? " (not there yet: shown once it is written)" : ""}`).join(", ");
  out.info(`  logs      ${logText}${follow ? " (following)" : ""}`);
  out.info(`  loaded    ${inspector.store.size} record${inspector.store.size === 1 ? "" : "s"} (keeps the last ${history})`);
  const names = Object.entries(targets);
  out.info(`  replay    ${names.length ? names.map(([n, u]) => `${n} → ${u}`).join(", ") : "none (give --replay-to URL to replay events from the page)"}`);
  if (names.length) out.info(`  re-sign   ${secrets.length ? `edited bodies with the first of ${secrets.length} secret${secrets.length === 1 ? "" : "s"}` : "no secret: edited bodies of signed providers cannot be replayed (--secret)"}`);
  out.info(c.dim("Open the URL above (its token signs the browser in; the page is served on 127.0.0.1 only). Ctrl-C to stop."));
  if (flags.open) openBrowser(inspector.url, (m) => out.warn(m));

  const code = await stopped;
  logs.close();
  await inspector.close();
  return code;
}
