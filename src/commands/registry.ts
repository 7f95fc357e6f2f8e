/** Every command, in the order `--help` lists them. One line each. */
import { completionSpec } from "./completion/spec.js";
import { configSpec, initSpec } from "./config/spec.js";
import { feedSpec } from "./feed/spec.js";
import { fixturesSpec } from "./fixtures/spec.js";
import { inspectSpec } from "./inspect/spec.js";
import { listenSpec } from "./listen/spec.js";
import { schemasSpec } from "./schemas/spec.js";
import { secretsSpec } from "./secrets/spec.js";
import { sendSpec } from "./send/spec.js";
import { signSpec } from "./sign/spec.js";
import type { AnyCommand } from "./spec.js";
import type { Table } from "../core/options.js";
import { tailSpec } from "./tail/spec.js";
import { validateSpec } from "./validate/spec.js";
import { verifySpec } from "./verify-signature/spec.js";

export const COMMANDS: readonly AnyCommand[] = [
  listenSpec,
  sendSpec,
  tailSpec,
  feedSpec,
  inspectSpec,
  validateSpec,
  fixturesSpec,
  schemasSpec,
  signSpec,
  verifySpec,
  initSpec,
  configSpec,
  secretsSpec,
  completionSpec,
];

/** Every command's section of the config file, with its option table. */
export function configSections(): Record<string, Table> {
  const sections: Record<string, Table> = {};
  for (const spec of COMMANDS) {
    if (spec.section === false) continue;
    sections[spec.section ?? spec.name] = spec.options as Table;
  }
  return sections;
}
