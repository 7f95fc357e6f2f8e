/**
 * What completes the word being typed, from the command declarations: subcommands, flags (the
 * command's and the global ones), and values — an option's choices, or providers, fixtures,
 * scenarios, profiles and schemas. Files and folders are left to the shell (`__files__`, `__dirs__`).
 */
import { longOf, takesValue, type Completer, type Opt } from "../../core/options.js";
import { GLOBAL_OPTIONS } from "../shared.js";
import { COMMANDS } from "../registry.js";
import type { CommandSpec } from "../spec.js";

export interface CompletionSources {
  providers(): Promise<string[]>;
  fixtures(): Promise<string[]>;
  scenarios(): Promise<string[]>;
  profiles(): Promise<string[]>;
  schemas(): Promise<string[]>;
}

function flagsOf(spec: CommandSpec | undefined): [string, Opt][] {
  const table = { ...GLOBAL_OPTIONS, ...(spec?.options ?? {}) } as Record<string, Opt>;
  const out: [string, Opt][] = [];
  for (const opt of Object.values(table)) {
    if (opt.hidden) continue;
    out.push([`--${longOf(opt.flag)}`, opt]);
    if (opt.negatable) out.push([`--no-${longOf(opt.flag)}`, { ...opt, flag: `--no-${longOf(opt.flag)}` }]);
  }
  return out;
}

async function values(what: Completer | readonly string[] | undefined, sources: CompletionSources): Promise<string[]> {
  if (what === undefined) return [];
  if (typeof what !== "string") return [...what];
  switch (what) {
    case "provider":
      return sources.providers();
    case "fixture":
      return sources.fixtures();
    case "scenario":
      return sources.scenarios();
    case "profile":
      return sources.profiles();
    case "schema":
      return sources.schemas();
    case "file":
      return ["__files__"];
    case "dir":
      return ["__dirs__"];
    case "url":
      return [];
  }
}

/** Candidates for the last of `words` (the words after the program's name; the last may be ""). */
export async function complete(words: readonly string[], sources: CompletionSources): Promise<string[]> {
  const current = words[words.length - 1] ?? "";
  const before = words.slice(0, -1);
  let spec: CommandSpec | undefined;
  let children: readonly CommandSpec[] = COMMANDS;
  let positional = 0;
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (w.startsWith("-")) {
      const opt = flagsOf(spec).find(([f]) => f === w.split("=")[0])?.[1];
      if (opt && takesValue(opt) && !w.includes("=")) i++; // its value
      continue;
    }
    const child = children.find((c) => c.name === w);
    if (child) {
      spec = child;
      children = child.subcommands ?? [];
      positional = 0;
    } else positional++;
  }
  const prev = before[before.length - 1];
  const prevOpt = prev?.startsWith("-") ? flagsOf(spec).find(([f]) => f === prev)?.[1] : undefined;
  let candidates: string[];
  if (prevOpt && takesValue(prevOpt)) candidates = await values(prevOpt.choices ?? prevOpt.complete, sources);
  else if (current.startsWith("-")) candidates = flagsOf(spec).map(([f]) => f);
  else {
    candidates = children.filter((c) => !c.hidden).map((c) => c.name);
    const arg = spec?.args?.[Math.min(positional, (spec.args?.length ?? 1) - 1)];
    if (arg && (positional < (spec!.args!.length) || arg.name.endsWith("...]") || arg.name.endsWith("...>"))) candidates.push(...(await values(arg.complete, sources)));
  }
  if (candidates[0] === "__files__" || candidates[0] === "__dirs__") return [candidates[0]];
  return [...new Set(candidates.filter((c) => c.startsWith(current)))];
}
