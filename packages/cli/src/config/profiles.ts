import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { UsageError } from "../usage-error.js";

/** What a profile stores. */
export interface Profile {
  apiKey?: string;
  baseUrl?: string;
}

interface ConfigFile {
  profiles: Record<string, Profile>;
}

/** Profile used when neither `--profile` nor `AVALA_PROFILE` names one. */
export const DEFAULT_PROFILE = "default";

/**
 * The file profiles live in: `$AVALA_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/avala/config.json`, else
 * `~/.config/avala/config.json`. It holds API keys, so it is written readable by its owner only (mode 0600, in a
 * 0700 directory).
 */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.AVALA_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "avala");
  return join(dir, "config.json");
}

async function readConfig(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as ConfigFile;
    if (typeof parsed.profiles === "object" && parsed.profiles !== null) return parsed;
  } catch {}
  throw new UsageError(
    `${file} is not an avala configuration file; fix or delete it, then run \`avala configure\`.`,
  );
}

/** The named profile, or undefined when the file or the profile does not exist. */
export async function readProfile(name: string, file = configPath()): Promise<Profile | undefined> {
  return (await readConfig(file)).profiles[name];
}

/** Every profile's name and base URL (never the key), for `avala configure list`. */
export async function listProfiles(
  file = configPath(),
): Promise<{ name: string; baseUrl?: string; hasKey: boolean }[]> {
  const { profiles } = await readConfig(file);
  return Object.entries(profiles).map(([name, p]) => ({
    name,
    baseUrl: p.baseUrl,
    hasKey: Boolean(p.apiKey),
  }));
}

/** Stores a profile (merged over what it had), writing the file atomically with mode 0600. */
export async function saveProfile(name: string, profile: Profile, file = configPath()): Promise<void> {
  const config = await readConfig(file);
  config.profiles[name] = { ...config.profiles[name], ...profile };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // mode only applies when the file is created; make sure of it whatever the umask did.
  await chmod(temp, 0o600);
  await rename(temp, file);
}
