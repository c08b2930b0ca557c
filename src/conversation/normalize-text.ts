/** How much of a message the parser looks at: a 100 KB paste costs no more than a long question. */
export const MAX_EXAMINED_CHARS = 500;
const MAX_TOKENS = 80;

/** One word of a message, with where it sits in the cleaned text so a subject can be cut out as typed. */
export interface Token {
  /** As typed, without surrounding punctuation: "Sagami-hara", "Lisbon's", "U.S". */
  readonly raw: string;
  /** Lower case, accents folded, apostrophes and dots dropped: "sagami-hara", "lisbons", "us". */
  readonly key: string;
  /** `key` with a keyword misspelling corrected ("histroical" → "historical"); only for keyword detection. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The message as a person meant it: Slack/Teams mentions and formatting removed, curly quotes
 * straightened, whitespace collapsed, at most MAX_EXAMINED_CHARS long. Letters and accents are kept.
 */
export function cleanChatText(text: string): string {
  // Cut before any regex runs so every pass below is bounded by a small constant.
  const head = text.slice(0, MAX_EXAMINED_CHARS * 4);
  const cleaned = head
    .replace(/<[@!#][^<>]*>/g, " ") // <@U123>, <@U123|ann>, <!channel>, <#C123|general>
    .replace(/<[^<>|\s]+\|([^<>]*)>/g, "$1") // <https://…|label> keeps its label
    .replace(/<(?:https?|mailto):[^<>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[*_~`]+/g, "")
    .replace(/[‘’‚‛′´]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.length > MAX_EXAMINED_CHARS ? cleaned.slice(0, MAX_EXAMINED_CHARS).trimEnd() : cleaned;
}

/** The comparison form of a word or phrase: "São Paulo's" → "sao paulos", "U.S." → "us". */
export function foldKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['.]/g, "");
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Splits cleaned text into words, trimming the punctuation around each ("Milan?" → "Milan"). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    if (tokens.length >= MAX_TOKENS) break;
    const chunk = match[0];
    let from = 0;
    let to = chunk.length;
    while (from < to && !LETTER_OR_DIGIT.test(chunk[from]!)) from++;
    while (to > from && !LETTER_OR_DIGIT.test(chunk[to - 1]!)) to--;
    if (from === to) continue;
    const raw = chunk.slice(from, to);
    const key = foldKey(raw);
    if (!key) continue;
    const start = match.index + from;
    tokens.push({ raw, key, word: key, start, end: start + raw.length });
  }
  return tokens;
}

/**
 * The words from `first` to `last` exactly as typed (inner punctuation kept: "PanCanada Chamber of
 * Commerce, Panama City"), without a trailing possessive or a leading "City of".
 */
export function typedSpan(text: string, tokens: readonly Token[], first: number, last: number): string {
  const start = tokens[first]?.start;
  const end = tokens[last]?.end;
  if (start === undefined || end === undefined || end <= start) return "";
  let span = text.slice(start, end).trim();
  span = span.replace(/'s$/i, "");
  const withoutCityOf = span.replace(/^city of\s+/i, "");
  return (withoutCityOf || span).trim();
}
