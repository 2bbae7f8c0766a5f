// Shell completion: the bash script, sourced in a real bash, completes groups, commands and options; the zsh
// and fish scripts carry the same tree.
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

function complete(script: string, words: string[]): Promise<string[]> {
  const line = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _avala; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) => {
    execFile("bash", ["--norc", "-c", line], (error, stdout) =>
      error ? reject(error) : resolve(stdout.split("\n").filter(Boolean)),
    );
  });
}

describe("avala completion", () => {
  it("bash completes groups, commands and the options of a command", async () => {
    const { code, stdout: script } = await runCli(["completion", "bash"]);
    expect(code).toBe(0);
    expect(await complete(script, ["avala", "fleet-d"])).toEqual(["fleet-devices"]);
    expect(
      (await complete(script, ["avala", "fleet-devices", ""])).filter((w) => !w.startsWith("-")),
    ).toEqual(["create", "delete", "get", "list", "update"]);
    expect(await complete(script, ["avala", "tasks", "list", "--st"])).toEqual(["--status"]);
  });

  it("zsh and fish scripts cover the same commands; an unknown shell is a usage error", async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.stdout).toContain("bashcompinit");
    expect(zsh.stdout).toContain('"fleet-devices") words="create delete get list update');
    const fish = await runCli(["completion", "fish"]);
    expect(fish.stdout).toContain(
      "complete -c avala -n '__fish_seen_subcommand_from tasks; and __fish_seen_subcommand_from list' -l status",
    );
    const bad = await runCli(["completion", "tcsh"]);
    expect(bad.code).toBe(2);
  });
});
