/** Summary tables (cli-table3, loaded on first use), for stderr summaries and human output. */
import { createRequire } from "node:module";
import type { Output } from "./output.js";

type Cell = string | number | undefined;

export function renderTable(out: Output, head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const require = createRequire(import.meta.url);
  const Table = require("cli-table3") as typeof import("cli-table3");
  const table = new Table({
    head: head.map((h) => out.chalk.bold(h)),
    style: { head: [], border: [] },
    chars: out.chalk.level === 0 ? { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } : {},
  });
  for (const row of rows) table.push(row.map((c) => (c === undefined ? "-" : String(c))));
  return table.toString();
}
