import type { Readable } from "node:stream";
import { UsageError } from "../core/errors.js";
import { readUserFile } from "./files.js";

/** Reads all of stdin as bytes. */
export async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The exact bytes of a payload given as a path (relative to `cwd`) or `-` (stdin). Nothing is
 * decoded or re-encoded: signatures are computed on these bytes. `ctx.stdin` is only touched for
 * `-` (opening process.stdin costs start-up time).
 */
export async function readPayload(path: string, ctx: { stdin: Readable & { isTTY?: boolean }; cwd: string }, flag: string): Promise<Buffer> {
  if (path === "-") {
    const stdin = ctx.stdin;
    if (stdin.isTTY) throw new UsageError(`${flag} -: stdin is a terminal; pipe the payload in or give a file`);
    return readStream(stdin);
  }
  return readUserFile(flag, path, ctx.cwd);
}
