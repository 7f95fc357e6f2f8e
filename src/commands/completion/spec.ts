import { command } from "../spec.js";

export const completionSpec = command({
  name: "completion",
  summary: "print a shell completion script: commands, flags, providers, fixtures, scenarios, profiles",
  args: [{ name: "<shell>", description: "bash, zsh or fish", complete: ["bash", "zsh", "fish"] }],
  options: {},
  section: false,
  examples: ["source <(telematics completion bash)          # in ~/.bashrc", "source <(telematics completion zsh)           # in ~/.zshrc", "telematics completion fish > ~/.config/fish/completions/telematics.fish"],
  load: () => import("./index.js"),
});
