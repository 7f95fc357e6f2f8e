/**
 * The two failures a command can end with, apart from success and interruption.
 * The CLI's single error boundary maps them to exit codes (the README's "Exit codes"):
 * UsageError → 2 (bad flag, missing secret, unreadable file), CheckFailed → 1.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = 2;
}

export class CheckFailed extends Error {
  override readonly name = "CheckFailed";
  readonly exitCode = 1;
}

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;
