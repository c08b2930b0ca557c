import type { Suggestion } from "./reply.js";

/** Which page of a list answer to give, and the question to ask again for the next one. */
export interface Paging {
  readonly question: string;
  readonly offset: number;
  readonly limit: number;
}

/** The "more" follow-up when the list goes on past this page. */
export function moreSuggestion(paging: Paging, shown: number, total: number): Suggestion[] {
  const next = paging.offset + shown;
  if (shown === 0 || next >= total) return [];
  const last = Math.min(total, next + paging.limit);
  return [{ label: `More (${next + 1}–${last} of ${total})`, query: paging.question, offset: next }];
}

/** "40 agreements; 1–25:" style lead-in for a page of a longer list. */
export function pageText(paging: Paging, shown: number, total: number): string {
  if (shown >= total) return "";
  if (shown === 0) return `; none after ${paging.offset}`;
  return shown === 1 ? `; number ${paging.offset + 1}` : `; ${paging.offset + 1}–${paging.offset + shown}`;
}
