import type { Token } from "./normalize-text.js";

/** A keyword phrase as words ("term end" → ["term", "end"]), compared with Token.word. */
export type Phrase = readonly string[];

export const phrases = (...texts: readonly string[]): Phrase[] => texts.map((text) => text.split(" "));

/** Words of the tokens not yet taken by an earlier reading of the message. */
export type Used = boolean[];

export const noneUsed = (tokens: readonly Token[]): Used => tokens.map(() => false);

export function phraseAt(tokens: readonly Token[], index: number, phrase: Phrase, used?: Used): boolean {
  if (index + phrase.length > tokens.length) return false;
  for (let offset = 0; offset < phrase.length; offset++) {
    if (used?.[index + offset] || tokens[index + offset]!.word !== phrase[offset]) return false;
  }
  return true;
}

export interface PhraseMatch {
  readonly index: number;
  readonly length: number;
  readonly phrase: Phrase;
}

/** The earliest occurrence of any phrase, the longest one where several start at the same word. */
export function findAnyPhrase(
  tokens: readonly Token[],
  list: readonly Phrase[],
  used?: Used,
  from = 0,
): PhraseMatch | null {
  for (let index = from; index < tokens.length; index++) {
    let best: Phrase | null = null;
    for (const phrase of list) {
      if ((!best || phrase.length > best.length) && phraseAt(tokens, index, phrase, used)) best = phrase;
    }
    if (best) return { index, length: best.length, phrase: best };
  }
  return null;
}

export const hasAnyPhrase = (tokens: readonly Token[], list: readonly Phrase[], used?: Used): boolean =>
  findAnyPhrase(tokens, list, used) !== null;

export const hasWord = (tokens: readonly Token[], words: ReadonlySet<string>, used?: Used): boolean =>
  tokens.some((token, index) => !used?.[index] && words.has(token.word));

export function markUsed(used: Used, index: number, length: number): void {
  for (let offset = 0; offset < length; offset++) used[index + offset] = true;
}

/** A table of keywords: phrases, or words and space-separated phrases. */
export type WordTable = readonly Phrase[] | Iterable<string>;

/** Every single word in the given tables, for the spelling corrector's vocabulary. */
export function wordsOf(...tables: readonly WordTable[]): string[] {
  const words: string[] = [];
  for (const table of tables) {
    for (const entry of table) {
      if (typeof entry === "string") words.push(...entry.split(" "));
      else words.push(...entry);
    }
  }
  return words;
}
