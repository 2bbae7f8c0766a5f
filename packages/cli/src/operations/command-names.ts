import type { CatalogOperation, CatalogTag } from "@avala/types/catalog";

/** Where an operation lives on the command line: `avala <group> <command>`. */
export interface CommandName {
  group: string;
  command: string;
}

const words = (text: string) => text.split(/[-_]/).filter(Boolean);
const singular = (word: string) =>
  word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.endsWith("s") ? word.slice(0, -1) : word;

/** Index of `needle` as a contiguous run inside `haystack`, or -1. */
function indexOfRun(haystack: string[], needle: string[]): number {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((word, j) => haystack[i + j] === word)) return i;
  }
  return -1;
}

/**
 * The group is the operation's first tag (kebab-case: `fleet-devices`); the command is its snake_case name
 * without the tag's words, singular or plural (`create_fleet_device` → `create`, `get_dataset_by_owner_and_slug`
 * → `get-by-owner-and-slug`), or the whole name in kebab-case when the tag's words are not in it
 * (`get_dataset_health` in `dataset-items` → `get-dataset-health`).
 */
export function commandNameOf(operation: CatalogOperation, tags: readonly CatalogTag[]): CommandName {
  const tag = tags.find((t) => t.name === operation.tags[0]);
  const group = tag?.slug ?? "other";
  const name = words(operation.name);
  const tagWords = words(group);
  for (const form of [tagWords, [...tagWords.slice(0, -1), singular(tagWords.at(-1) ?? "")]]) {
    const at = indexOfRun(name, form);
    if (at >= 0 && name.length > form.length) {
      return { group, command: [...name.slice(0, at), ...name.slice(at + form.length)].join("-") };
    }
  }
  return { group, command: name.join("-") };
}
