/**
 * Where secrets come from, in order: the command line (--secret, repeatable; --secret-env NAME;
 * --secret-file PATH, one per line) or TELEMATICS_SECRET; then the project's config file
 * (`providers.<name>.secretEnv` / `secretFile`, a route's own, or a literal in the git-ignored
 * `.telematics/local.json`); then, where the command allows it, the project's dev secret. Every
 * secret found is registered with the Output for redaction before anything else can print it.
 * Errors name the source, never the value.
 */
import { decode } from "../core/signing/hmac.js";
import { UsageError } from "../core/errors.js";
import { describeSource, type Source } from "../core/options.js";
import type { Context } from "../context.js";
import type { Output } from "./output.js";
import { readUserFile, within } from "./files.js";
import type { Located, Route } from "./project.js";
import type { RouteSettings } from "../core/config/schema.js";
import type { Provider } from "../core/providers/index.js";
import { devSecret, DEV_SECRETS_FILE } from "./dev-secrets.js";

export interface Keys {
  keys: string[];
  /** Where they came from, in words: "--secret", "$ZUBIE_SECRET (telematics.config.json:4:20)". */
  from: string;
  kind: "flag" | "env" | "config" | "dev";
  /** What to add to a `telematics send` so that it uses the same keys ("" when it finds them itself). */
  sendFlags: string;
}

export interface SecretValues {
  secret?: string[] | undefined;
  secretEnv?: string | undefined;
  secretFile?: string | undefined;
}

export interface SecretSources {
  secret?: Source | undefined;
  secretEnv?: Source | undefined;
  secretFile?: Source | undefined;
}

/** Registers and checks secrets before they are used. */
export function accept(secrets: readonly string[], out: Output, where: string): string[] {
  for (const s of secrets) {
    if (s === "") throw new UsageError(`${where}: the secret is empty`);
    out.addSecret(s);
    // A whsec_ secret is base64 after its prefix (the Standard Webhooks libraries refuse anything
    // else); a bad one would otherwise sign and verify with a garbled key, silently.
    if (s.startsWith("whsec_") && decode(s.slice(6).trim(), "base64") === undefined) {
      throw new UsageError(`${where}: a whsec_ secret must be base64 after the prefix (as the Standard Webhooks dashboard shows it); this one is not`);
    }
  }
  return [...secrets];
}

function fileLines(what: string, path: string, cwd: string): string[] {
  const lines = readUserFile(what, path, cwd).toString("utf8").split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  if (lines.length === 0) throw new UsageError(`${what} ${path}: the file holds no secret`);
  return lines;
}

/** Secrets given on the command line, or TELEMATICS_SECRET when no --secret* flag is given. */
export function givenSecrets(values: SecretValues, sources: SecretSources, ctx: Pick<Context, "env" | "cwd" | "out">): Keys | undefined {
  const fromEnvVar = sources.secret?.kind === "env";
  const flagged = (values.secret && !fromEnvVar ? values.secret : []).slice();
  const parts: string[] = [];
  let sendFlags = "";
  if (flagged.length) {
    parts.push("--secret");
    sendFlags = '--secret "$SECRET"';
  }
  if (values.secretEnv !== undefined) {
    const value = ctx.env[values.secretEnv];
    if (value === undefined || value === "") throw new UsageError(`--secret-env ${values.secretEnv}: the environment variable is not set or empty`);
    flagged.push(value);
    parts.push(`$${values.secretEnv}`);
    sendFlags = `--secret-env ${values.secretEnv}`;
  }
  if (values.secretFile !== undefined) {
    flagged.push(...fileLines("--secret-file", values.secretFile, ctx.cwd));
    parts.push(`the file ${values.secretFile}`);
    sendFlags = `--secret-file ${values.secretFile}`;
  }
  if (flagged.length > 0) return { keys: accept(flagged, ctx.out, parts[0] === "--secret" ? "--secret" : parts[0]!), from: parts.join(" and "), kind: "flag", sendFlags };
  if (fromEnvVar && values.secret?.length) return { keys: accept(values.secret, ctx.out, "$TELEMATICS_SECRET"), from: "$TELEMATICS_SECRET", kind: "env", sendFlags: "" };
  return undefined;
}

type Ref = Located<string | string[]> | undefined;

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const at = (l: Located<unknown>) => describeSource(l.source);

/** Keys from the config file, and the variables it names that are not set. */
export interface Configured {
  keys?: Keys;
  /** "$ZUBIE_SECRET (telematics.config.json:4:20)" for each variable named but not set. */
  unset: string[];
}

/**
 * Keys from settings of the config file: `<kind>Env` (environment variables), `<kind>File` (files,
 * relative to the config file), or a literal `<kind>` (only in .telematics/local.json).
 */
export function configuredKeys(settings: { env?: Ref; file?: Ref; literal?: Ref }, ctx: Pick<Context, "env" | "out">): Configured {
  const keys: string[] = [];
  const from: string[] = [];
  const unset: string[] = [];
  if (settings.literal) {
    keys.push(...list(settings.literal.value));
    from.push(`${settings.literal.source.path} (${at(settings.literal)})`);
  }
  if (settings.env) {
    const set: string[] = [];
    for (const name of list(settings.env.value)) {
      const value = ctx.env[name];
      if (value === undefined || value === "") unset.push(`$${name} (${at(settings.env)})`);
      else {
        keys.push(value);
        set.push(`$${name}`);
      }
    }
    if (set.length) from.push(`${set.join(", ")} (${at(settings.env)})`);
  }
  if (settings.file) {
    for (const path of list(settings.file.value)) keys.push(...fileLines(`${at(settings.file)}: ${settings.file.source.path}`, within(settings.file.dir, path), settings.file.dir));
    from.push(`${list(settings.file.value).join(", ")} (${at(settings.file)})`);
  }
  if (keys.length === 0) return { unset };
  return { keys: { keys: accept(keys, ctx.out, from[0]!), from: from.join(" and "), kind: "config", sendFlags: "" }, unset };
}

/** The usage error for a command that needs a secret and got none. */
export function noSecret(what: string): UsageError {
  return new UsageError(`no ${what} given: use --secret, --secret-env NAME, --secret-file PATH, TELEMATICS_SECRET, or secretEnv in telematics.config.json`);
}

export interface KeyRequest {
  /** The provider's name in the project (a custom provider's own name). */
  label: string;
  provider: Provider;
  /** Keys given on the command line or in the environment: they win. */
  given?: Keys | undefined;
  /** A route's own settings in the config file (listen). */
  route?: Route | undefined;
  /** Use (and make, the first time) the project's dev secret when nothing else is found. */
  dev: boolean;
}

function routeRef(route: Route, key: keyof RouteSettings): Located<string | string[]> | undefined {
  const value = route.settings[key];
  if (value === undefined || typeof value === "boolean") return undefined;
  return { value: value as string | string[], source: { ...route.source, path: `${route.source.path}.${key}` }, dir: route.dir };
}

/**
 * The keys to sign or verify one provider's requests with: given (flags, environment), else the
 * route's, else the config file's for the provider, else the dev secret (when allowed).
 */
export function keysFor(request: KeyRequest, ctx: Pick<Context, "env" | "out" | "project">): Keys | undefined {
  if (request.given) return request.given;
  const bearer = request.provider.auth === "bearer";
  const kind = bearer ? "token" : "secret";
  const unset: string[] = [];
  if (request.route) {
    const r = configuredKeys({ env: routeRef(request.route, `${kind}Env`), file: bearer ? undefined : routeRef(request.route, "secretFile"), literal: routeRef(request.route, kind) }, ctx);
    if (r.keys) return r.keys;
    unset.push(...r.unset);
  }
  const settings = ctx.project.provider(request.label);
  if (settings) {
    const c = configuredKeys({ env: settings[`${kind}Env`], file: settings[`${kind}File`], literal: settings[kind] }, ctx);
    if (c.keys) return c.keys;
    unset.push(...c.unset);
  }
  if (!request.dev) {
    if (unset.length) throw new UsageError(`no ${request.provider.secretName} for ${request.label}: ${unset.join(", ")} ${unset.length > 1 ? "are" : "is"} not set`);
    return undefined;
  }
  const secret = devSecret(ctx.project.root, request.label, request.provider, true);
  if (secret === undefined) return undefined;
  return { keys: accept([secret], ctx.out, "dev secret"), from: `the dev secret (${DEV_SECRETS_FILE})${unset.length ? `, as ${unset.join(", ")} ${unset.length > 1 ? "are" : "is"} not set` : ""}`, kind: "dev", sendFlags: "" };
}
