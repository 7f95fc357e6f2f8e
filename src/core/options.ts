/**
 * One declaration per option. Each command declares its options once, in a table: the flag, what
 * it means, its type (the parser), its default, its choices, its `TELEMATICS_*` variable and its
 * key in the config file. Everything else is built from that table: commander's flags and help
 * (src/cli.ts), the config file's schema (src/core/config), shell completion, `telematics config`.
 *
 * Precedence is resolved here, in one place, for every command: flag > environment variable >
 * config file (the chosen profile, then the base; `.telematics/local.json` above the committed file)
 * > default. Every value remembers where it came from.
 *
 * Pure: values come in as arguments (the flags commander read, the environment, the config layers).
 */
import { formatDuration, parseDuration } from "./duration.js";
import { UsageError } from "./errors.js";
import { hideUserinfo } from "./headers.js";

/** Where a value came from. */
export type Source =
  | { kind: "flag"; flag: string }
  | { kind: "env"; name: string }
  | { kind: "config"; file: string; line: number; column: number; path: string }
  | { kind: "default" };

/** What a completer offers for an option's value (src/commands/completion). */
export type Completer = "provider" | "fixture" | "scenario" | "profile" | "schema" | "file" | "dir" | "url";

/** The type of a value in the config file (its JSON Schema follows from it). */
export type ConfigType = "string" | "integer" | "number" | "boolean" | "strings" | "duration" | "size" | "string-or-false";

export interface Opt<T = unknown, HasDefault extends boolean = boolean> {
  /** Commander syntax: "--name <value>", "--name" (a switch), "--no-name" (a switch that is on by default). */
  flag: string;
  description: string;
  /** The environment variable that sets it. */
  env?: string;
  /** false: not in the config file (flags and environment only). */
  config?: false;
  default?: T;
  /** Type-level only: whether the option always has a value (it has a default). */
  readonly __hasDefault?: HasDefault;
  /** How --help shows the default, when it is not the value itself (e.g. "5m"). */
  defaultText?: string;
  choices?: readonly string[];
  /** May be given several times; the values are collected in order. */
  repeatable?: boolean;
  /** Also accepts --no-<name> (the value is then false); a text describes it in --help. */
  negatable?: boolean | string;
  /** A secret: its value is never shown, only its source; the committed config file may not hold it. */
  secret?: boolean;
  complete?: Completer;
  configType: ConfigType;
  /** The value's name in help and messages, e.g. "duration". */
  valueName?: string;
  /** A string from a flag or the environment, or a JSON value from the config file. */
  parse(raw: unknown): T;
  /** Not listed in --help. */
  hidden?: boolean;
  /** How a value is shown in an error (e.g. without a query string that may hold a token). */
  display?: (text: string) => string;
}

export type Table = Readonly<Record<string, Opt>>;

/** The typed values of a table: an option with a default is always set. */
export type Values<T extends Table> = {
  -readonly [K in keyof T]: T[K] extends Opt<infer V, true> ? V : T[K] extends Opt<infer V> ? V | undefined : never;
};

export type Sources<T extends Table> = { [K in keyof T]?: Source };

/** A value that does not parse; the resolver adds where it came from. */
export class Invalid extends Error {}

// ── Option builders ─────────────────────────────────────────────────────────────────────────

type Extra<T> = Partial<Omit<Opt<T>, "flag" | "description" | "parse" | "configType" | "default">>;

function build<T>(flag: string, description: string, configType: ConfigType, parse: (raw: unknown) => T, extra: Extra<T> & { default?: T }): Opt<T> {
  return { flag, description, configType, parse, ...extra } as Opt<T>;
}

function asText(raw: unknown, what: string): string {
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== "string") throw new Invalid(`expected ${what}`);
  return raw;
}

export interface TextOptions<T extends string> extends Extra<string> {
  default?: T;
  /** An empty value is refused unless this is set. */
  allowEmpty?: boolean;
  /** Checks (and may change) the text; throw Invalid to refuse it. */
  check?: (text: string) => string;
}

/** A string option ("--host <host>"). */
export function text(flag: string, description: string, options: TextOptions<string> & { default: string }): Opt<string, true>;
export function text(flag: string, description: string, options?: TextOptions<string>): Opt<string, false>;
export function text(flag: string, description: string, options: TextOptions<string> = {}): Opt<string> {
  const { allowEmpty, check, ...extra } = options;
  return build(flag, description, "string", (raw) => {
    const t = asText(raw, "text");
    if (!allowEmpty && t.trim() === "") throw new Invalid("is empty");
    return check ? check(t) : t;
  }, extra);
}

/** One of fixed choices ("--protocol <protocol>"). */
export function choice<C extends string>(flag: string, description: string, choices: readonly C[], options: Extra<C> & { default: C }): Opt<C, true>;
export function choice<C extends string>(flag: string, description: string, choices: readonly C[], options?: Extra<C>): Opt<C, false>;
export function choice<C extends string>(flag: string, description: string, choices: readonly C[], options: Extra<C> & { default?: C } = {}): Opt<C> {
  return build(flag, description, "string", (raw) => {
    const t = asText(raw, `one of ${choices.join(", ")}`);
    if (!(choices as readonly string[]).includes(t)) throw new Invalid(`expected one of ${choices.join(", ")}`);
    return t as C;
  }, { choices, ...options });
}

export interface IntOptions extends Extra<number> {
  default?: number;
  min?: number;
  max?: number;
}

/** An integer ("--port <port>"). */
export function int(flag: string, description: string, options: IntOptions & { default: number }): Opt<number, true>;
export function int(flag: string, description: string, options?: IntOptions): Opt<number, false>;
export function int(flag: string, description: string, options: IntOptions = {}): Opt<number> {
  const { min = 0, max, ...extra } = options;
  const expected = `an integer ${max !== undefined ? `from ${min} to ${max}` : min === 0 ? "of 0 or more" : `of at least ${min}`}`;
  return build(flag, description, "integer", (raw) => {
    const t = asText(raw, expected).trim();
    if (!/^-?\d+$/.test(t)) throw new Invalid(`expected ${expected}`);
    const n = Number(t);
    if (n < min || (max !== undefined && n > max)) throw new Invalid(`expected ${expected}`);
    return n;
  }, extra);
}

export interface NumberOptions extends Extra<number> {
  default?: number;
  /** Smallest value (exclusive when `above` is true). */
  min?: number;
  above?: boolean;
  max?: number;
  expected: string;
}

/** A number ("--rate <n>", "--duplicate-rate <p>"). */
export function number(flag: string, description: string, options: NumberOptions & { default: number }): Opt<number, true>;
export function number(flag: string, description: string, options: NumberOptions): Opt<number, false>;
export function number(flag: string, description: string, options: NumberOptions): Opt<number> {
  const { min, above, max, expected, ...extra } = options;
  return build(flag, description, "number", (raw) => {
    const n = typeof raw === "number" ? raw : Number(asText(raw, expected).trim() || "x");
    if (!Number.isFinite(n) || (min !== undefined && (above ? n <= min : n < min)) || (max !== undefined && n > max)) throw new Invalid(`expected ${expected}`);
    return n;
  }, extra);
}

export interface DurationOptions extends Extra<number> {
  /** In ms. */
  default?: number;
  /** The unit of a bare number (default seconds). */
  unit?: "s" | "ms";
  /** Smallest value in ms (default 0). */
  min?: number;
  /** Above `min` rather than at least. */
  above?: boolean;
}

/** A duration, in ms ("--late-after <duration>": 30s, 5m, 250ms, 1m30s; a bare number is in `unit`). */
export function duration(flag: string, description: string, options: DurationOptions & { default: number }): Opt<number, true>;
export function duration(flag: string, description: string, options?: DurationOptions): Opt<number, false>;
export function duration(flag: string, description: string, options: DurationOptions = {}): Opt<number> {
  const { unit = "s", min = 0, above, ...extra } = options;
  const example = unit === "ms" ? "250, 250ms or 2s" : "30s, 5m or 250ms";
  return build(flag, description, "duration", (raw) => {
    const ms = parseDuration(asText(raw, `a duration such as ${example}`), unit);
    if (ms === undefined || (above ? ms <= min : ms < min)) {
      throw new Invalid(min > 0 || above ? `expected a duration ${above ? "over" : "of at least"} ${formatDuration(min)}, such as ${example}` : `expected a duration such as ${example}`);
    }
    return ms;
  }, { valueName: "duration", ...(extra.default !== undefined && extra.defaultText === undefined && { defaultText: formatDuration(extra.default) }), ...extra });
}

/** A duration in ms, or null for "off" ("--tolerance <duration>"). */
export function durationOrOff(flag: string, description: string, options: DurationOptions = {}): Opt<number | null, false> {
  const inner = duration(flag, description, options);
  return { ...inner, parse: (raw: unknown) => (raw === false || (typeof raw === "string" && ["off", "none"].includes(raw.trim().toLowerCase())) ? null : inner.parse(raw)) } as Opt<number | null, false>;
}

/** "1mb", "512kb", "64KiB", "1048576" → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase()[0]!;
  return Math.floor(Number(m[1]) * ({ b: 1, k: 1024, m: 1 << 20, g: 1 << 30 } as Record<string, number>)[unit]!);
}

/** A size in bytes ("--max-body <size>": 1mb, 512kb, 1048576). */
export function size(flag: string, description: string, options: Extra<number> & { default: number; defaultText: string }): Opt<number, true>;
export function size(flag: string, description: string, options?: Extra<number>): Opt<number, false>;
export function size(flag: string, description: string, options: Extra<number> & { default?: number } = {}): Opt<number> {
  return build(flag, description, "size", (raw) => {
    const bytes = parseSize(asText(raw, "a size such as 1mb"));
    if (bytes === undefined) throw new Invalid("expected a size such as 1mb, 512kb or 1048576 (bytes)");
    if (bytes < 1) throw new Invalid("must be at least 1 byte");
    return bytes;
  }, { valueName: "size", ...options });
}

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off", ""]);

/** A switch ("--strict"), or one that is on by default ("--no-reconnect"). */
export function bool(flag: string, description: string, options: Extra<boolean> & { default: boolean }): Opt<boolean, true>;
export function bool(flag: string, description: string, options?: Extra<boolean>): Opt<boolean, false>;
export function bool(flag: string, description: string, options: Extra<boolean> & { default?: boolean } = {}): Opt<boolean> {
  return build(flag, description, "boolean", (raw) => {
    if (typeof raw === "boolean") return raw;
    if (typeof raw === "string" && TRUE.has(raw.trim().toLowerCase())) return true;
    if (typeof raw === "string" && FALSE.has(raw.trim().toLowerCase())) return false;
    throw new Invalid("expected true or false (1/0, yes/no)");
  }, options);
}

export interface ListOptions extends Extra<string[]> {
  /** Each value may hold several, separated by commas. */
  commas?: boolean;
  check?: (text: string) => string;
}

/** A repeatable option ("--header <line>", given several times); the environment gives one value. */
export function list(flag: string, description: string, options: ListOptions = {}): Opt<string[], false> {
  const { commas, check, ...extra } = options;
  return build(flag, description, "strings", (raw) => {
    const items = Array.isArray(raw) ? raw : [raw];
    const out: string[] = [];
    for (const item of items) {
      const t = asText(item, "text or a list of texts");
      for (const part of commas ? t.split(",").map((s) => s.trim()).filter(Boolean) : [t]) {
        const named = (message: string) => new Invalid(options.secret ? message : `${JSON.stringify(part.length > 60 ? part.slice(0, 60) + "…" : part)}: ${message}`);
        if (part.trim() === "") throw named("is empty");
        try {
          out.push(check ? check(part) : part);
        } catch (e) {
          throw e instanceof Invalid ? named(e.message) : e;
        }
      }
    }
    return out;
  }, { repeatable: true, ...extra }) as Opt<string[], false>;
}

// ── Resolution ───────────────────────────────────────────────────────────────────────────────

/** A config file's contribution, in precedence order (the first layer that has a key wins). */
export interface ConfigLayer {
  /** As shown in messages, e.g. telematics.config.json or .telematics/local.json. */
  file: string;
  /** The values of the command's section in this layer (e.g. the `listen` object). */
  values: Readonly<Record<string, unknown>>;
  /** JSON path of `values` in the file, e.g. ["profiles", "staging", "listen"]. */
  path: readonly string[];
  /** Line and column of a key's value (1-based). */
  locate(path: readonly string[]): { line: number; column: number } | undefined;
}

export interface ResolveInput {
  /** Values commander read from the command line, by key (only those actually given). */
  flags: Readonly<Record<string, unknown>>;
  env: Readonly<Record<string, string | undefined>>;
  layers: readonly ConfigLayer[];
}

/** "--late-after <duration>" → "lateAfter"; "--no-reconnect" → "reconnect". */
export function keyOf(flag: string): string {
  const long = longOf(flag);
  const name = long.startsWith("no-") ? long.slice(3) : long;
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** "--late-after <duration>" → "late-after". */
export function longOf(flag: string): string {
  const m = /^--([a-z0-9-]+)/.exec(flag);
  if (!m) throw new Error(`bad flag ${flag}`);
  return m[1]!;
}

export function takesValue(opt: Opt): boolean {
  return /<[^>]+>|\[[^\]]+\]/.test(opt.flag);
}

/** How a source is named in an error: --port, TELEMATICS_PORT, telematics.config.json:4:13 listen.port. */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case "flag":
      return source.flag;
    case "env":
      return `$${source.name}`;
    case "config":
      return `${source.file}:${source.line}:${source.column}`;
    case "default":
      return "default";
  }
}

function shown(opt: Opt, raw: unknown): string {
  // A list's parser names the item at fault itself.
  if (opt.secret || Array.isArray(raw)) return "";
  const text = typeof raw === "string" ? (opt.display ?? hideUserinfo)(raw) : JSON.stringify(raw);
  return ` ${text.length > 60 ? text.slice(0, 60) + "…" : text}`;
}

/**
 * The values of a table, each from the first source that has it (flag > env > config layers >
 * default), parsed; a value that does not parse is a usage error naming where it came from.
 */
export function resolve<T extends Table>(table: T, input: ResolveInput): { values: Values<T>; sources: Sources<T> } {
  const values: Record<string, unknown> = {};
  const sources: Record<string, Source> = {};
  for (const [key, opt] of Object.entries(table)) {
    const flag = `--${longOf(opt.flag).replace(/^no-/, "")}`;
    const parseFrom = (raw: unknown, source: Source): unknown => {
      if (opt.negatable && raw === false) return false;
      try {
        return opt.parse(raw);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        const where =
          source.kind === "flag" ? `${flag}${shown(opt, raw)}` : source.kind === "env" ? `$${source.name}${shown(opt, raw)}` : source.kind === "config" ? `${source.file}:${source.line}:${source.column}: ${source.path}` : flag;
        throw new UsageError(`${where}: ${e.message}`);
      }
    };
    if (Object.hasOwn(input.flags, key) && input.flags[key] !== undefined) {
      const source: Source = { kind: "flag", flag: input.flags[key] === false && opt.negatable ? `--no-${flag.slice(2)}` : flag };
      values[key] = parseFrom(input.flags[key], source);
      sources[key] = source;
      continue;
    }
    const envValue = opt.env ? input.env[opt.env] : undefined;
    if (opt.env && envValue !== undefined) {
      const source: Source = { kind: "env", name: opt.env };
      values[key] = parseFrom(opt.negatable && ["off", "none", "false"].includes(envValue.trim().toLowerCase()) ? false : envValue, source);
      sources[key] = source;
      continue;
    }
    let found = false;
    if (opt.config !== false) {
      for (const layer of input.layers) {
        if (!Object.hasOwn(layer.values, key) || layer.values[key] === undefined) continue;
        const at = layer.locate([...layer.path, key]) ?? { line: 1, column: 1 };
        const source: Source = { kind: "config", file: layer.file, line: at.line, column: at.column, path: [...layer.path, key].join(".") };
        values[key] = parseFrom(layer.values[key], source);
        sources[key] = source;
        found = true;
        break;
      }
    }
    if (found) continue;
    if (opt.default !== undefined) {
      values[key] = opt.default;
      sources[key] = { kind: "default" };
    }
  }
  return { values: values as Values<T>, sources: sources as Sources<T> };
}

/** The help text of an option: its description, default and variable (commander adds the choices). */
export function helpText(opt: Opt): string {
  const extra: string[] = [];
  const def = opt.defaultText ?? (opt.default !== undefined && typeof opt.default !== "boolean" ? String(opt.default) : undefined);
  if (def !== undefined) extra.push(`default: ${def}`);
  if (opt.env) extra.push(`env: ${opt.env}`);
  return extra.length ? `${opt.description} (${extra.join("; ")})` : opt.description;
}
