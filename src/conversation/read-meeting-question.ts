import type { IsoDate } from "../registry/registry-document.js";
import {
  followingQuarter,
  type Quarter,
  type QuarterNumber,
  quarterDates,
  quarterOf,
} from "../reminders/digest-quarter.js";
import type { Intent } from "./intent.js";
import type { Token } from "./normalize-text.js";
import { hasAnyPhrase, phrases } from "./token-phrases.js";

/*
 * The working group's meetings: the digest that prepares the next one ("digest", "prep for next
 * meeting", "what's on the agenda for the next meeting?", "digest 2027Q1") and when the next one is.
 * Read before the intake and the policy, which own "working group" otherwise: "when does the working
 * group meet" stays a policy question because it names no meeting. Pure.
 */

const DIGEST = phrases(
  "digest",
  "digests",
  "agenda",
  "agendas",
  "meeting prep",
  "meeting pack",
  "briefing note",
  "briefing notes",
  "prep pack",
);
const PREPARE = phrases(
  "prep",
  "prepare",
  "prepares",
  "preparing",
  "prepping",
  "preparation",
  "preparations",
  "ready",
  "brief",
  "briefing",
);
const MEETING = phrases("meeting", "meetings", "quarterly", "working group", "wg");
const MEETING_NOUN = phrases("meeting", "meetings", "meet next");
const NEXT = phrases("next", "upcoming", "coming", "following", "when", "date");
/** Other meetings the bot does not schedule: "when is the Council meeting". */
const OTHER_MEETINGS = phrases("council", "delegation", "visit", "mission");
const THIS_QUARTER = phrases("this quarter", "current quarter");
const NEXT_QUARTER = phrases("next quarter", "coming quarter", "following quarter");

/** "2027q1", "2027-q1"; "q1", "q1-2027". Any digits, so "Q5" is caught as a mistake rather than ignored. */
const YEAR_QUARTER = /^(\d{4})-?q(\d+)$/;
const QUARTER_YEAR = /^q(\d+)(?:-(\d{4}))?$/;
const YEAR = /^\d{4}$/;

/** A question about the working group's meetings, or null. `today` gives "Q1" alone and "next quarter" a year. */
export function readMeetingQuestion(text: string, tokens: readonly Token[], today: IsoDate): Intent | null {
  const has = (list: ReturnType<typeof phrases>) => hasAnyPhrase(tokens, list);
  if (has(DIGEST) || (has(PREPARE) && has(MEETING))) {
    const quarter = readQuarter(tokens, today);
    if (quarter === "invalid") return { kind: "unknown", text };
    return { kind: "meeting-digest", quarter };
  }
  if (has(MEETING_NOUN) && has(NEXT) && !has(OTHER_MEETINGS)) return { kind: "next-meeting" };
  return null;
}

/** The quarter named in the message, null when none is, "invalid" for one that cannot be ("2027Q5"). */
function readQuarter(tokens: readonly Token[], today: IsoDate): Quarter | null | "invalid" {
  if (hasAnyPhrase(tokens, THIS_QUARTER)) return quarterOf(today);
  if (hasAnyPhrase(tokens, NEXT_QUARTER)) return followingQuarter(quarterOf(today));
  for (let index = 0; index < tokens.length; index++) {
    const word = tokens[index]!.word;
    const yearFirst = YEAR_QUARTER.exec(word);
    const quarterFirst = yearFirst ? null : QUARTER_YEAR.exec(word);
    if (!yearFirst && !quarterFirst) continue;
    const number = Number(yearFirst ? yearFirst[2] : quarterFirst![1]);
    if (number < 1 || number > 4) return "invalid";
    const typedYear = yearFirst?.[1] ?? quarterFirst?.[2] ?? yearNear(tokens, index);
    if (typedYear) return { year: Number(typedYear), quarter: number as QuarterNumber };
    // "Q1" alone is the next Q1: this year's while it lasts, else next year's.
    const thisYear: Quarter = { year: Number(today.slice(0, 4)), quarter: number as QuarterNumber };
    return quarterDates(thisYear).to < today ? { ...thisYear, year: thisYear.year + 1 } : thisYear;
  }
  return null;
}

/** "Q1 2027", "Q1 of 2027", "2027 Q1". */
function yearNear(tokens: readonly Token[], index: number): string | null {
  const after = tokens[index + 1]?.word === "of" ? tokens[index + 2] : tokens[index + 1];
  if (after && YEAR.test(after.word)) return after.word;
  const before = tokens[index - 1];
  return before && YEAR.test(before.word) ? before.word : null;
}

/** Words of this module's phrases, for the spelling corrector. */
export const MEETING_VOCABULARY = [DIGEST, PREPARE, MEETING, MEETING_NOUN, NEXT, THIS_QUARTER, NEXT_QUARTER] as const;
