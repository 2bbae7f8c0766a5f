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
    // Hand-written workflows sit in the same tree as the generated commands of their group.
    expect(await complete(script, ["avala", "fleet-recordings", "upl"])).toEqual(["upload"]);
    expect(await complete(script, ["avala", "fleet-recordings", "upload", "--st"])).toEqual([
      "--state-file",
      "--storage-config",
      "--storage-host",
    ]);
    expect(await complete(script, ["avala", "dataset-items", "get-c"])).toEqual(["get-calibration"]);
    expect(await complete(script, ["avala", "stat"])).toEqual(["status"]);
  });

  it("bash offers an option's values after it, and skips option values when finding the command", async () => {
    const { stdout: script } = await runCli(["completion", "bash"]);
    // A closed enum (choices), an open one (anyOf), and values the spec lists as "Known values: …".
    expect(await complete(script, ["avala", "datasets", "list", "--visibility", ""])).toEqual([
      "private",
      "public",
    ]);
    expect(await complete(script, ["avala", "tasks", "list", "--status", "c"])).toEqual(["completed"]);
    expect(await complete(script, ["avala", "datasets", "list", "--status", ""])).toEqual([
      "creating",
      "created",
    ]);
    // A free value gets no suggestions (not the command's words).
    expect(await complete(script, ["avala", "tasks", "list", "--project", ""])).toEqual([]);
    // The value of an option is not a command word.
    expect(await complete(script, ["avala", "tasks", "list", "--project", "p1", "--st"])).toEqual([
      "--status",
    ]);
    expect(await complete(script, ["avala", "--profile", "prod", "fleet-d"])).toEqual(["fleet-devices"]);
  });

  it("zsh and fish scripts cover the same commands; an unknown shell is a usage error", async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.stdout).toContain("bashcompinit");
    expect(zsh.stdout).toContain('"fleet-devices") words="create delete get list update');
    const fish = await runCli(["completion", "fish"]);
    expect(fish.stdout).toContain(
      "complete -c avala -n '__fish_seen_subcommand_from tasks; and __fish_seen_subcommand_from list' -l status -x -a 'pending completed'",
    );
    expect(fish.stdout).toContain(
      "complete -c avala -n '__fish_seen_subcommand_from tasks; and __fish_seen_subcommand_from list' -l project -r",
    );
    expect(fish.stdout).toContain("complete -c avala -l profile -r");
    const bad = await runCli(["completion", "tcsh"]);
    expect(bad.code).toBe(2);
  });
});
