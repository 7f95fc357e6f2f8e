/**
 * Reading the files a user names, with one wording for every failure: "<what> <path>: cannot read
 * it (no such file)". Paths are relative to the command's working directory.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { UsageError } from "../core/errors.js";

/** Why a file operation failed, in a person's words. */
export function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a parent is not a directory";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return code ?? (e as Error).message ?? String(e);
  }
}

/** `path` relative to `cwd` (an absolute path stays as it is). */
export function within(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** The bytes of a file; a failure is a usage error naming `what` (e.g. "--payload") and the path. */
export function readUserFile(what: string, path: string, cwd: string): Buffer {
  try {
    // Synchronous on purpose: small files, and fs/promises' machinery costs start-up time that a
    // CI one-shot notices.
    return readFileSync(within(cwd, path));
  } catch (e) {
    throw new UsageError(`${what} ${path}: cannot read it (${fileProblem(e)})`);
  }
}
