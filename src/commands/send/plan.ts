/** `send`'s options as a typed plan (pure): what to send, where, how many, how fast, how retried. */
import { parseDuration } from "../../core/duration.js";
import { UsageError } from "../../core/errors.js";
import { hideUserinfo, parseHeaderLine, takeBasicAuth } from "../../core/headers.js";
import { isLoopback } from "../../core/net.js";
import { parseAssignment, parsePath, type PathPart } from "../../core/send/edit.js";
import type { CommandInput } from "../spec.js";
import type { SEND_OPTIONS } from "./spec.js";

export type SendInput = CommandInput<typeof SEND_OPTIONS>;

export type Edit = { set: PathPart[]; value: unknown } | { unset: PathPart[] };

export type Source =
  | { kind: "fixture"; name: string }
  | { kind: "file"; path: string }
  | { kind: "log"; path: string; events?: string; since?: string }
  | { kind: "scenario"; name: string };

export interface Target {
  url: URL;
  /** The URL is this machine: the project's dev secret may be used. */
  loopback: boolean;
  /** Basic authorization from user:password@ in the URL, and the texts to redact. */
  basic?: { authorization: string; secrets: string[] };
}

export interface SendPlan {
  source: Source;
  /** Where to send: --to (undefined: the project's route for the provider, see targetOf). */
  to?: string;
  method: "POST" | "GET";
  asIs: boolean;
  edits: Edit[];
  headers: Record<string, string>;
  /** Events to send (Infinity with --duration alone). */
  count: number | undefined;
  concurrency: number;
  rate?: number;
  durationMs?: number;
  timeoutMs: number;
  retry: boolean;
  schedule?: number[];
  /** Scenarios: undefined is fast (no waiting); 1 real time; N times faster. */
  pace?: number;
  dryRun: boolean;
}

/** undefined: fast (no waiting). 1: real time. N: N times faster. */
export function paceFactor(pace: string | undefined): number | undefined {
  if (pace === undefined || pace === "fast") return undefined;
  if (pace === "real") return 1;
  const m = /^(\d+(?:\.\d+)?)x$/.exec(pace);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--pace ${pace}: expected real, fast or a speed-up such as 10x`);
  return Number(m[1]);
}

export function parseSchedule(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const delays = text.split(",").map((t) => parseDuration(t.trim(), "s"));
  if (delays.length === 0 || delays.some((d) => d === undefined || d < 0)) throw new UsageError(`--retry-schedule ${text}: expected delays such as 1s,2s,4s`);
  return delays as number[];
}

/** What to send: exactly one of --fixture, --file, --from-log, --scenario (undefined: none given). */
export function sourceOf(v: SendInput["values"]): Source | undefined {
  const given = [v.fixture, v.file, v.fromLog, v.scenario].filter((s) => s !== undefined).length;
  if (given > 1) throw new UsageError("give one of --fixture, --file, --from-log or --scenario");
  if (v.fixture !== undefined) return { kind: "fixture", name: v.fixture };
  if (v.file !== undefined) return { kind: "file", path: v.file };
  if (v.fromLog !== undefined) return { kind: "log", path: v.fromLog, ...(v.events !== undefined && { events: v.events }), ...(v.since !== undefined && { since: v.since }) };
  if (v.scenario !== undefined) return { kind: "scenario", name: v.scenario };
  return undefined;
}

export function planSend(input: SendInput): SendPlan {
  const v = input.values;
  const source = sourceOf(v);
  if (!source) throw new UsageError("give what to send: --fixture NAME, --file PATH, --from-log FILE or --scenario NAME (telematics fixtures lists the fixtures)");
  if (v.asIs && (v.set?.length || v.unset?.length)) throw new UsageError("--as-is sends the bytes unchanged: it cannot be combined with --set or --unset");
  const headers: Record<string, string> = {};
  for (const line of v.header ?? []) {
    const [name, value] = parseHeaderLine(line)!;
    headers[name] = value;
  }
  const edits: Edit[] = [
    ...(v.set ?? []).map((s) => {
      const a = parseAssignment(s);
      return { set: a.path, value: a.value };
    }),
    ...(v.unset ?? []).map((u) => ({ unset: parsePath(u) })),
  ];
  const schedule = parseSchedule(v.retrySchedule);
  const scenario = source.kind === "scenario";
  const pace = scenario ? paceFactor(v.pace) : undefined;
  return {
    source,
    ...(v.to !== undefined && { to: v.to }),
    method: v.method,
    asIs: v.asIs === true,
    edits,
    headers,
    count: v.count ?? (v.duration !== undefined ? Number.POSITIVE_INFINITY : undefined),
    concurrency: scenario ? 1 : v.concurrency,
    ...(v.rate !== undefined && { rate: v.rate }),
    ...(v.duration !== undefined && { durationMs: v.duration }),
    timeoutMs: v.timeout,
    retry: v.retry === true || schedule !== undefined,
    ...(schedule && { schedule }),
    ...(pace !== undefined && { pace }),
    dryRun: v.dryRun === true,
  };
}

/** The URL to send to, checked; user:password@ becomes Basic authorization (the URL shown has none). */
export function targetOf(to: string, where = "--to"): Target {
  let url: URL;
  try {
    url = new URL(to);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new UsageError(`${where} ${hideUserinfo(to)}: not an http:// or https:// URL`);
  }
  const basic = takeBasicAuth(url);
  return { url, loopback: isLoopback(url), ...(basic && { basic }) };
}
