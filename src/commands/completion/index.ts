/**
 * `telematics completion bash|zsh|fish`: a script for the shell (printed on stdout, as gh and
 * kubectl do). The script asks `telematics __complete WORDS…` for the candidates, so completion
 * always matches the installed version and the project (its profiles) where it runs.
 */
import { UsageError } from "../../core/errors.js";
import type { Table } from "../../core/options.js";
import type { Context } from "../../context.js";
import type { CommandInput } from "../spec.js";

const BASH = `# telematics completion for bash: source <(telematics completion bash)
_telematics() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n' out
  out=$(telematics __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  case "$out" in
    __files__) COMPREPLY=($(compgen -f -- "$cur")) ;;
    __dirs__) COMPREPLY=($(compgen -d -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "$out" -- "$cur")) ;;
  esac
}
complete -o default -F _telematics telematics
`;

const ZSH = `#compdef telematics
# telematics completion for zsh: source <(telematics completion zsh)
_telematics() {
  local -a out
  out=("\${(@f)$(telematics __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  case "$out[1]" in
    __files__) _files ;;
    __dirs__) _files -/ ;;
    *) compadd -- $out ;;
  esac
}
if (( $+functions[compdef] )); then compdef _telematics telematics; fi
`;

const FISH = `# telematics completion for fish: telematics completion fish > ~/.config/fish/completions/telematics.fish
function __telematics_complete
  set -l words (commandline -opc) (commandline -ct)
  set -l out (telematics __complete $words[2..-1] 2>/dev/null)
  switch "$out[1]"
    case __files__ __dirs__
      __fish_complete_path (commandline -ct)
    case '*'
      printf '%s\\n' $out
  end
end
complete -c telematics -f -a '(__telematics_complete)'
`;

export const SCRIPTS: Record<string, string> = { bash: BASH, zsh: ZSH, fish: FISH };

export async function run(input: CommandInput<Table>, ctx: Context): Promise<number> {
  const shell = input.args[0]!;
  const script = SCRIPTS[shell];
  if (!script) throw new UsageError(`${shell}: no completion for this shell (one of: bash, zsh, fish)`);
  ctx.out.data(script.trimEnd());
  return 0;
}

/** `telematics __complete WORDS…`: the candidates for the last word, one per line. */
export async function runComplete(words: readonly string[], ctx: Pick<Context, "out" | "project">): Promise<number> {
  const [{ complete }, { knownProviders }] = await Promise.all([import("./engine.js"), import("../provider-choice.js")]);
  const candidates = await complete(words, {
    providers: async () => knownProviders(ctx.project),
    fixtures: async () => {
      const { listFixtures } = await import("../../io/fixtures.js");
      const all = await listFixtures();
      const counts = new Map<string, number>();
      for (const f of all) counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
      return [...all.filter((f) => counts.get(f.name) === 1).map((f) => f.name), ...all.map((f) => f.id)];
    },
    scenarios: async () => (await import("../../core/scenarios/index.js")).listScenarios().map((s) => s.name),
    profiles: async () => [...ctx.project.profiles],
    schemas: async () => {
      const { listSchemas, refId } = await import("../../core/schemas/index.js");
      return listSchemas().map(refId);
    },
  });
  for (const c of candidates) ctx.out.data(c);
  return 0;
}
