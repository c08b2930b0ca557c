import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SEEDS_DIR = fileURLToPath(new URL("../../../shared/seeds/", import.meta.url));

/** Whitespace collapsed and Markdown dollar escapes dropped, so quotes compare as a reader sees them. */
export function readableText(text: string): string {
  return text.replaceAll("\\$", "$").replace(/\s+/g, " ").trim();
}

const cache = new Map<string, string>();

/** The text of a source document in ../shared/seeds, as readableText. */
export function sourceText(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readableText(readFileSync(`${SEEDS_DIR}${file}`, "utf8"));
    cache.set(file, text);
  }
  return text;
}
