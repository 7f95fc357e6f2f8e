import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { UsageError } from "../core/errors.js";

/** Reads all of stdin as bytes. */
export async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The exact bytes of a payload given as a path or `-` (stdin). Nothing is decoded or re-encoded:
 * signatures are computed on these bytes.
 */
export async function readPayload(path: string, stdin: Readable & { isTTY?: boolean }, flag = "--payload"): Promise<Buffer> {
  if (path === "-") {
    if (stdin.isTTY) throw new UsageError(`${flag} -: stdin is a terminal; pipe the payload in or give a file`);
    return readStream(stdin);
  }
  try {
    // Synchronous on purpose: one small file, and fs/promises' FileHandle machinery costs a few
    // milliseconds of start-up that a CI one-shot notices.
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new UsageError(`${flag} ${path}: cannot read it (${why})`);
  }
}
