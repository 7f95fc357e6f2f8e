/**
 * A command's output as it comes, for tests that wait for a line: the in-process runner (main.ts)
 * and the spawned one (spawn-cli.ts) both append to it and say when the command has ended.
 */
export interface Output {
  stdout: string;
  stderr: string;
}

export interface Watch {
  readonly out: Output;
  /** Appends output and checks the waiters. */
  add(stream: "stdout" | "stderr", text: string): void;
  /** The command has ended: waiters whose output never came fail now. */
  ended(): void;
  /** Resolves when `predicate` holds for the output so far (checked on every chunk). */
  waitFor(predicate: (out: Output) => boolean, timeoutMs: number): Promise<void>;
}

export function watchOutput(endedMessage: string): Watch {
  const out: Output = { stdout: "", stderr: "" };
  const waiters = new Set<() => void>();
  let isEnded = false;
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  return {
    out,
    add(stream, text) {
      out[stream] += text;
      poke();
    },
    ended() {
      isEnded = true;
      poke();
    },
    waitFor(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const settle = (error?: Error) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (predicate(out)) settle();
          else if (isEnded) settle(new Error(`${endedMessage}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`));
        };
        const timer = setTimeout(() => settle(new Error(`timed out waiting for output\nstdout: ${out.stdout}\nstderr: ${out.stderr}`)), timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
