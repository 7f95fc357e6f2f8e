/**
 * The project a command runs in: its config file (`telematics.config.json` in the working directory
 * or its nearest parent, stopping at the repository root or the home folder; or `--config FILE` /
 * TELEMATICS_CONFIG), its git-ignored local overrides (`.telematics/local.json`), the chosen profile,
 * and its root, where `.telematics/` lives (the config file's folder; else the nearest folder that
 * has a `.telematics/`; else the working directory).
 *
 * Precedence of the files: the local file's profile, the local file, the config file's profile, the
 * config file. zod (which validates the files) is loaded only when there is a file to validate.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative, resolve as resolvePath } from "node:path";
import { UsageError } from "../core/errors.js";
import { findSyntaxError, locatePath } from "../core/json-locate.js";
import { stripJsonComments } from "../core/jsonc.js";
import type { ConfigLayer, Source, Table } from "../core/options.js";
import type { ConfigShape, ProviderSettings, RouteSettings } from "../core/config/schema.js";

export const CONFIG_FILE = "telematics.config.json";
export const STATE_DIR = ".telematics";
export const LOCAL_FILE = ".telematics/local.json";

interface LoadedFile {
  /** As shown in messages: relative to the working directory. */
  shown: string;
  path: string;
  text: string;
  value: ConfigShape;
}

/** A setting read from a file, with where it was. */
export interface Located<T> {
  value: T;
  source: Extract<Source, { kind: "config" }>;
  /** The folder of the file it came from (relative paths in it are relative to that folder). */
  dir: string;
}

export interface Route {
  path: string;
  method: "POST" | "GET";
  settings: RouteSettings;
  source: Extract<Source, { kind: "config" }>;
  dir: string;
}

export interface Project {
  /** Where `.telematics/` lives. */
  readonly root: string;
  readonly configFile?: string;
  readonly localFile?: string;
  /** The chosen profile and where the choice came from. */
  readonly profile?: { name: string; source: Source };
  /** Profiles defined in the files. */
  readonly profiles: readonly string[];
  /** The layers of a command's section, in precedence order. */
  layers(section: string): ConfigLayer[];
  /** A provider's settings, each key from the first layer that has it. */
  provider(name: string): { [K in keyof ProviderSettings]?: Located<NonNullable<ProviderSettings[K]>> } | undefined;
  /** Names under `providers` in any layer (built-in ones configured, and custom ones). */
  providerNames(): string[];
  /** The routes for listen, by path (a profile's route replaces the base one of the same path). */
  routes(): Route[];
  /** A path of the project (relative to its root) as an absolute path. */
  path(p: string): string;
}

/** The folders searched, from `cwd` up to the repository root or the home folder (the command's $HOME). */
function upwards(cwd: string, home: string): string[] {
  const dirs: string[] = [];
  let dir = resolvePath(cwd);
  for (;;) {
    dirs.push(dir);
    if (dir === home || existsSync(join(dir, ".git"))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

function readConfig(path: string, cwd: string, sections: Readonly<Record<string, Table>>, local: boolean, check: typeof import("../core/config/schema.js").checkConfig): LoadedFile {
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${shown}: cannot read it (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? (e as Error).message)})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = " " + text.slice(1);
  const json = stripJsonComments(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    const p = findSyntaxError(json) ?? { line: 1, column: 1, message: "not valid JSON" };
    throw new UsageError(`${shown}:${p.line}:${p.column}: ${p.message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${shown}:1:1: expected a JSON object`);
  const issue = check(value, sections, local);
  if (issue) {
    const at = locatePath(json, issue.path) ?? locatePath(json, issue.path.slice(0, -1)) ?? { line: 1, column: 1 };
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[");
    throw new UsageError(`${shown}:${at.line}:${at.column}: ${path ? `${path}: ` : ""}${issue.message}`);
  }
  return { shown, path, text: json, value: value as ConfigShape };
}

export interface ProjectOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** --config, and where it came from. */
  config?: { file: string; source: Source };
  profile?: { name: string; source: Source };
  /** The commands' option tables, by section (for validating the files). */
  sections: () => Readonly<Record<string, Table>>;
}

/** Finds and reads the project's files; every problem in them is a usage error naming file:line:column. */
export async function loadProject(options: ProjectOptions): Promise<Project> {
  const { cwd } = options;
  let configPath: string | undefined;
  if (options.config) {
    configPath = resolvePath(cwd, options.config.file);
    const where = options.config.source.kind === "env" ? `$${options.config.source.name}` : "--config";
    if (!existsSync(configPath)) throw new UsageError(`${where} ${options.config.file}: no such file`);
  }
  const dirs = upwards(cwd, options.env.HOME || homedir());
  if (!configPath) configPath = dirs.map((d) => join(d, CONFIG_FILE)).find((p) => existsSync(p) && statSync(p).isFile());
  const root = configPath ? dirname(configPath) : (dirs.find((d) => existsSync(join(d, STATE_DIR)) && statSync(join(d, STATE_DIR)).isDirectory()) ?? resolvePath(cwd));
  const localPath = join(root, LOCAL_FILE);
  const hasLocal = existsSync(localPath);

  const files: { file: LoadedFile; local: boolean }[] = [];
  if (configPath || hasLocal) {
    const { checkConfig } = await import("../core/config/schema.js");
    const sections = options.sections();
    if (hasLocal) files.push({ file: readConfig(localPath, cwd, sections, true, checkConfig), local: true });
    if (configPath) files.push({ file: readConfig(configPath, cwd, sections, false, checkConfig), local: false });
  }

  const profiles = [...new Set(files.flatMap(({ file }) => Object.keys(file.value.profiles ?? {})))].sort();
  let profile = options.profile;
  if (!profile) {
    for (const { file } of files) {
      if (file.value.defaultProfile !== undefined) {
        const at = locatePath(file.text, ["defaultProfile"]) ?? { line: 1, column: 1 };
        profile = { name: file.value.defaultProfile, source: { kind: "config", file: file.shown, line: at.line, column: at.column, path: "defaultProfile" } };
        break;
      }
    }
  }
  if (profile && !profiles.includes(profile.name)) {
    const src = profile.source;
    const where = src.kind === "flag" ? "--profile" : src.kind === "env" ? "$TELEMATICS_PROFILE" : src.kind === "config" ? `${src.file}:${src.line}:${src.column}: defaultProfile` : "profile";
    if (files.length === 0) throw new UsageError(`${where} ${profile.name}: there is no ${CONFIG_FILE} here or in a parent folder to hold profiles (telematics init writes one)`);
    throw new UsageError(`${where} ${profile.name}: no such profile${profiles.length ? ` (profiles: ${profiles.join(", ")})` : " (the config file defines none)"}`);
  }

  /** Every layer (file × base/profile) in precedence order: [file, JSON path of the layer, value]. */
  const layers: { file: LoadedFile; path: string[]; value: Record<string, unknown> }[] = [];
  for (const { file } of files) {
    const p = profile ? file.value.profiles?.[profile.name] : undefined;
    if (p) layers.push({ file, path: ["profiles", profile!.name], value: p as Record<string, unknown> });
    layers.push({ file, path: [], value: file.value as Record<string, unknown> });
  }
  const locate = (file: LoadedFile, path: readonly string[]) => locatePath(file.text, path);
  const located = <T>(file: LoadedFile, path: string[], value: T): Located<T> => {
    const at = locate(file, path) ?? { line: 1, column: 1 };
    return { value, source: { kind: "config", file: file.shown, line: at.line, column: at.column, path: path.join(".") }, dir: dirname(file.path) };
  };

  return {
    root,
    ...(configPath && { configFile: configPath }),
    ...(hasLocal && { localFile: localPath }),
    ...(profile && { profile }),
    profiles,
    layers(section) {
      return layers
        .filter((l) => l.value[section] !== undefined && typeof l.value[section] === "object")
        .map((l) => ({ file: l.file.shown, values: l.value[section] as Record<string, unknown>, path: [...l.path, section], locate: (path: readonly string[]) => locate(l.file, path) }));
    },
    provider(name) {
      let out: Record<string, Located<unknown>> | undefined;
      for (const l of layers) {
        const settings = (l.value.providers as Record<string, Record<string, unknown>> | undefined)?.[name];
        if (!settings) continue;
        out ??= {};
        for (const [k, v] of Object.entries(settings)) if (v !== undefined && !(k in out)) out[k] = located(l.file, [...l.path, "providers", name, k], v);
      }
      return out as ReturnType<Project["provider"]>;
    },
    providerNames() {
      return [...new Set(layers.flatMap((l) => Object.keys((l.value.providers as object | undefined) ?? {})))];
    },
    routes() {
      const byKey = new Map<string, Route>();
      for (const l of layers) {
        for (const [key, r] of Object.entries((l.value.routes as Record<string, string | RouteSettings> | undefined) ?? {})) {
          const m = /^(?:(GET|POST) )?(\/.*)$/.exec(key)!;
          const settings: RouteSettings = typeof r === "string" ? { provider: r } : r;
          const method = settings.method ?? (m[1] as "GET" | "POST" | undefined) ?? "POST";
          const id = `${method} ${m[2]}`;
          if (byKey.has(id)) continue;
          const at = located(l.file, [...l.path, "routes", key], settings);
          byKey.set(id, { path: m[2]!, method, settings, source: at.source, dir: at.dir });
        }
      }
      return [...byKey.values()];
    },
    path: (p) => resolvePath(root, p),
  };
}

/** A project with no files (for completion when the config file has a problem). */
export function emptyProject(root: string): Project {
  return { root, profiles: [], layers: () => [], provider: () => undefined, providerNames: () => [], routes: () => [], path: (p) => resolvePath(root, p) };
}
