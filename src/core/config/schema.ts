/**
 * The config file (`telematics.config.json`) and its local overrides (`.telematics/local.json`):
 * one zod definition validates both and yields the JSON Schema that editors use (`$schema`). The
 * command sections (`listen`, `send`, `tail`, …) are generated from the commands' option tables, so
 * an option is declared once for its flag, its variable and its config key.
 *
 * Secrets are referenced, never written in the committed file: `secretEnv` (an environment
 * variable), `secretFile` (a file, one secret per line). Only the git-ignored local file may hold a
 * literal `secret` or `token`.
 */
import { z } from "zod";
import type { ConfigType, Table } from "../options.js";
import { valueAt } from "../values.js";

/** Keys that would hold a secret's value. */
export const SECRET_KEYS = new Set(["secret", "secrets", "token", "tokens", "forwardSecret", "clientSecret", "password"]);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const names = (what: string) =>
  z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe(`${what}; several (a list) are all tried, for rotation`);

const envNames = (what: string) =>
  z
    .union([z.string().regex(ENV_NAME, "expected the NAME of an environment variable (such as ZUBIE_SECRET), not the secret itself"), z.array(z.string().regex(ENV_NAME, "expected the NAME of an environment variable (such as ZUBIE_SECRET), not the secret itself")).min(1)])
    .describe(`${what}; several (a list) are all tried, for rotation`);

function valueSchema(type: ConfigType, choices?: readonly string[]): z.ZodType {
  switch (type) {
    case "string":
      return choices ? z.enum(choices as [string, ...string[]]) : z.string();
    case "integer":
      return z.number().int();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "strings":
      return z.union([z.string(), z.array(z.string())]);
    case "duration":
      return z.union([z.string(), z.number().min(0)]);
    case "size":
      return z.union([z.string(), z.number().int().min(1)]);
    case "string-or-false":
      return z.union([z.string(), z.literal(false)]);
  }
}

/** A command's section: every option of its table that the config file may set. */
export function sectionSchema(table: Table, local: boolean): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, opt] of Object.entries(table)) {
    if (opt.config === false) continue;
    if (opt.secret && !local) continue;
    shape[key] = valueSchema(opt.configType, opt.choices).optional().describe(opt.description);
  }
  return z.strictObject(shape);
}

function providerSchema(local: boolean): z.ZodType {
  return z.strictObject({
    secretEnv: envNames("environment variable that holds the signing secret").optional(),
    secretFile: names("file that holds signing secrets, one per line (relative to this file)").optional(),
    tokenEnv: envNames("environment variable that holds the bearer token").optional(),
    tokenFile: names("file that holds bearer tokens, one per line (relative to this file)").optional(),
    tolerance: z.union([z.string(), z.number().min(0), z.literal(false)]).optional().describe("timestamped schemes: allowed clock difference, e.g. 5m; false to disable"),
    type: z.literal("hmac").optional().describe("a provider of your own: generic HMAC with the header, algorithm, encoding and prefix below"),
    header: z.string().optional().describe("hmac: the header that carries the signature"),
    algorithm: z.enum(["sha1", "sha256", "sha512"]).optional().describe("hmac: digest algorithm (default sha256)"),
    encoding: z.enum(["hex", "base64"]).optional().describe("hmac: signature encoding (default hex)"),
    prefix: z.string().optional().describe('hmac: text before the signature, e.g. "sha256="'),
    ...(local && { secret: names("the secret itself (only in .telematics/local.json)").optional(), token: names("the token itself (only in .telematics/local.json)").optional() }),
  });
}

function routeSchema(local: boolean): z.ZodType {
  return z.union([
    z.string().min(1).describe("the provider served at this path"),
    z.strictObject({
      provider: z.string().min(1).describe("the provider served at this path"),
      method: z.enum(["POST", "GET"]).optional().describe("the method deliveries use (default POST; traccar's position forwarding can use GET)"),
      forwardTo: z.string().optional().describe("forward accepted requests to your app at this URL"),
      strict: z.boolean().optional().describe("refuse events that do not match their schema (400)"),
      secretEnv: envNames("environment variable that holds this route's secret").optional(),
      secretFile: names("file that holds this route's secrets").optional(),
      tokenEnv: envNames("environment variable that holds this route's bearer token").optional(),
      ...(local && { secret: names("the secret itself (only in .telematics/local.json)").optional(), token: names("the token itself (only in .telematics/local.json)").optional() }),
    }),
  ]);
}

export interface ConfigShape {
  $schema?: string;
  defaultProfile?: string;
  providers?: Record<string, ProviderSettings>;
  routes?: Record<string, string | RouteSettings>;
  profiles?: Record<string, Omit<ConfigShape, "profiles" | "defaultProfile" | "$schema">>;
  [section: string]: unknown;
}

export interface ProviderSettings {
  secretEnv?: string | string[];
  secretFile?: string | string[];
  tokenEnv?: string | string[];
  tokenFile?: string | string[];
  tolerance?: string | number | false;
  type?: "hmac";
  header?: string;
  algorithm?: "sha1" | "sha256" | "sha512";
  encoding?: "hex" | "base64";
  prefix?: string;
  secret?: string | string[];
  token?: string | string[];
}

export interface RouteSettings {
  provider: string;
  method?: "POST" | "GET";
  forwardTo?: string;
  strict?: boolean;
  secretEnv?: string | string[];
  secretFile?: string | string[];
  tokenEnv?: string | string[];
  secret?: string | string[];
  token?: string | string[];
}

/** The schema of the config file (`local`: of .telematics/local.json, which may hold secrets). */
export function configSchema(sections: Readonly<Record<string, Table>>, local = false): z.ZodType {
  const base: Record<string, z.ZodType> = {
    providers: z.record(z.string(), providerSchema(local)).optional().describe("per provider: where its secrets are, and custom HMAC providers of your own"),
    routes: z.record(z.string().regex(/^(?:(?:GET|POST) )?\//, "a route is a URL path starting with /"), routeSchema(local)).optional().describe("listen: the provider served at each path"),
  };
  for (const [name, table] of Object.entries(sections)) base[name] = sectionSchema(table, local).optional().describe(`defaults for telematics ${name}`);
  return z.strictObject({
    $schema: z.string().optional(),
    defaultProfile: z.string().optional().describe("the profile used when --profile and TELEMATICS_PROFILE are not given"),
    ...base,
    profiles: z.record(z.string(), z.strictObject(base)).optional().describe("named sets of settings (local, staging, …) that override the base ones"),
  });
}

/** The JSON Schema (draft 2020-12) editors use for telematics.config.json. */
export function configJsonSchema(sections: Readonly<Record<string, Table>>): Record<string, unknown> {
  const json = z.toJSONSchema(configSchema(sections), { target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;
  return { $schema: json.$schema, $id: "https://telematics.dev/config.schema.json", title: "telematics.config.json", ...json };
}

export type ConfigIssue = { path: (string | number)[]; message: string };

/** Why a parsed config does not fit the schema: the first problem, with its JSON path. */
export function checkConfig(value: unknown, sections: Readonly<Record<string, Table>>, local: boolean): ConfigIssue | undefined {
  if (!local) {
    const literal = findSecretKey(value, []);
    if (literal) return literal;
  }
  const result = configSchema(sections, local).safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const path = issue.path as (string | number)[];
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0]!;
      return { path: [...path, key], message: `unknown setting "${key}"${knownKeys(value, path, sections, local)}` };
    }
    case "invalid_type":
      return { path, message: valueAt(value, path) === undefined ? `required setting is missing (expected ${issue.expected})` : `expected ${issue.expected}, found ${kind(valueAt(value, path))}` };
    case "invalid_value":
      return { path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${JSON.stringify(valueAt(value, path))}` };
    case "invalid_union": {
      const v = valueAt(value, path);
      const deepest = issue.errors.flat().find((i) => i.code !== "invalid_type") ?? issue.errors.flat()[0];
      if (deepest && deepest.path.length > 0) return { path: [...path, ...(deepest.path as (string | number)[])], message: deepest.message };
      if (deepest?.code === "invalid_format" || deepest?.code === "too_small") return { path, message: deepest.message };
      return { path, message: `unexpected value ${kind(v)}` };
    }
    case "invalid_key":
      return { path, message: issue.issues[0]?.message ?? issue.message };
    default:
      return { path, message: issue.message };
  }
}

function knownKeys(value: unknown, path: (string | number)[], sections: Readonly<Record<string, Table>>, local: boolean): string {
  const parent = path.filter((p) => typeof p === "string") as string[];
  const last = parent[parent.length - 1];
  if (last && Object.hasOwn(sections, last)) {
    const keys = Object.entries(sections[last]!).filter(([, o]) => o.config !== false && (local || !o.secret)).map(([k]) => k);
    return ` (known in ${last}: ${keys.join(", ")})`;
  }
  void value;
  if (parent.length === 0 || (parent[0] === "profiles" && parent.length === 2)) return ` (known: providers, routes, ${Object.keys(sections).join(", ")}${parent.length === 0 ? ", profiles, defaultProfile" : ""})`;
  return "";
}

function findSecretKey(value: unknown, path: (string | number)[]): ConfigIssue | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSecretKey(value[i], [...path, i]);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(k)) {
      const owner = path[path.length - 1];
      const envHint = typeof owner === "string" ? `${owner.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${k === "token" || k === "tokens" ? "TOKEN" : "SECRET"}` : "MY_SECRET";
      const ref = k === "token" || k === "tokens" ? "tokenEnv" : "secretEnv";
      return {
        path: [...path, k],
        message: `a secret is never written in the committed config file: reference it with "${ref}": "${envHint}" (an environment variable)${ref === "secretEnv" ? ' or "secretFile": "path/to/file"' : ""}, or put it in .telematics/local.json (git-ignored)`,
      };
    }
    const hit = findSecretKey(v, [...path, k]);
    if (hit) return hit;
  }
  return undefined;
}


function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}
