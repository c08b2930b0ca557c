import { distance } from "fastest-levenshtein";
import type { Token } from "./normalize-text.js";

/** Returns the keyword a word was probably meant to be, or the word itself. */
export type KeywordCorrector = (token: Pick<Token, "raw" | "key">) => string;

const MIN_LENGTH = 5;
const MEMO_LIMIT = 2000;

/**
 * Corrects typed words of 5+ letters to the nearest word of `vocabulary` within edit distance 1
 * (2 for words of 8+ letters). Words that look like names are left alone: accented letters, digits,
 * all capitals ("HCMC"). The correction is used only to recognise keywords, never for the subject.
 */
export function createKeywordCorrector(vocabulary: Iterable<string>): KeywordCorrector {
  const known = new Set<string>();
  const byLength = new Map<number, string[]>();
  for (const word of vocabulary) {
    if (word.length < MIN_LENGTH - 1 || known.has(word)) continue;
    known.add(word);
    const bucket = byLength.get(word.length);
    if (bucket) bucket.push(word);
    else byLength.set(word.length, [word]);
  }
  // A cache only: the same word always gets the same answer, so the parser stays a pure function.
  const memo = new Map<string, string>();

  return ({ raw, key }) => {
    if (key.length < MIN_LENGTH || known.has(key) || !/^[a-z-]+$/.test(key) || looksLikeName(raw)) return key;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const limit = key.length >= 8 ? 2 : 1;
    let best = key;
    let bestDistance = limit + 1;
    for (let length = key.length - limit; length <= key.length + limit; length++) {
      for (const word of byLength.get(length) ?? []) {
        const d = distance(key, word);
        if (d < bestDistance) {
          best = word;
          bestDistance = d;
        }
      }
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, best);
    return best;
  };
}

function looksLikeName(raw: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return !/^[\x00-\x7f]*$/.test(raw) || (raw.length <= 8 && raw === raw.toUpperCase());
}
