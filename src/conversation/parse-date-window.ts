import * as chrono from "chrono-node";
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  endOfMonth,
  endOfQuarter,
  endOfWeek,
  endOfYear,
  format,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  subDays,
} from "date-fns";
import type { IsoDate } from "../registry/registry-document.js";
import { calendarDateIn } from "../shared/calendar-date.js";
import { formatDate } from "./format-values.js";
import type { DateWindow } from "./intent.js";
import type { Token } from "./normalize-text.js";
import { findAnyPhrase, type Phrase, phrases, type Used } from "./token-phrases.js";

/*
 * Calendar arithmetic runs on a Date at local noon of the calendar day: date-fns works in the process's
 * zone, and noon keeps every day intact across daylight-saving changes. Only the Y-M-D is ever read back.
 */

/** "Soon", and what a bare "what's expiring?" means: the next 6 months. */
export const SOON_MONTHS = 6;

/** Today's calendar date in `timeZone`, as a local-noon Date for date-fns. */
export function calendarToday(now: Date, timeZone: string): Date {
  return dayOf(calendarDateIn(now, timeZone));
}

function dayOf(iso: IsoDate): Date {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year!, month! - 1, day!, 12);
}

const iso = (date: Date): IsoDate => format(date, "yyyy-MM-dd");
const spoken = (date: Date): string => formatDate(iso(date));
const noon = (date: Date): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate(), 12);

/** A time phrase found in a question, and the tokens it took. */
export interface TimePhrase {
  readonly window: DateWindow;
  readonly tokens: readonly number[];
}

interface Span {
  readonly from: Date;
  readonly to: Date;
  /** How the span is said back: "2027", "March 2027", "31 March 2027". */
  readonly text: string;
  readonly grain: "day" | "month" | "year";
}

type Relation = "before" | "by" | "after" | "from" | "in";

const RELATIONS: Record<string, Relation> = {
  before: "before",
  prior: "before",
  by: "by",
  until: "by",
  till: "by",
  til: "by",
  through: "by",
  thru: "by",
  to: "by",
  after: "after",
  from: "from",
  since: "from",
  starting: "from",
  in: "in",
  during: "in",
  on: "in",
  for: "in",
};

/** Words a time phrase may start with that are part of it ("before", "within", "the"). */
const LEAD_IN = new Set([...Object.keys(RELATIONS), "the", "within", "next", "end", "of", "between", "and"]);

/**
 * The window a time phrase in the question names, with the tokens it took; null if there is none.
 * Choices: "before 2027" runs from today (expired agreements are asked for with "expired");
 * "by 2027" / "by the end of 2027" include 2027; a period that contains today ("this year", "in 2026",
 * "this quarter") starts today; "soon" is the next 6 months.
 */
export function readTimePhrase(text: string, tokens: readonly Token[], used: Used, today: Date): TimePhrase | null {
  return (
    readQuarter(tokens, used, today) ??
    readNamedPeriod(tokens, used, today) ??
    readWithChrono(text, tokens, used, today) ??
    readYears(tokens, used, today)
  );
}

/** Agreements whose term end has passed: up to yesterday. */
export function expiredWindow(today: Date): DateWindow {
  return { from: null, to: iso(subDays(today, 1)), label: `before today (${spoken(today)})` };
}

/** "What's expiring?" with no time phrase: the next SOON_MONTHS months. */
export function defaultWindow(today: Date): DateWindow {
  const to = addMonths(today, SOON_MONTHS);
  return { from: iso(today), to: iso(to), label: `in the next ${SOON_MONTHS} months (to ${spoken(to)})` };
}

const THIS_QUARTER = phrases("this quarter", "current quarter", "end of the quarter", "end of quarter", "quarter end");
const NEXT_QUARTER = phrases("next quarter", "coming quarter", "following quarter");
const ORDINAL_QUARTERS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
};

function readQuarter(tokens: readonly Token[], used: Used, today: Date): TimePhrase | null {
  const current = findAnyPhrase(tokens, THIS_QUARTER, used);
  if (current) {
    const to = endOfQuarter(today);
    return found(between(today, to, `this quarter (to ${spoken(to)})`), run(current.index, current.length));
  }
  const next = findAnyPhrase(tokens, NEXT_QUARTER, used);
  if (next) {
    const start = startOfQuarter(addQuarters(today, 1));
    const end = endOfQuarter(start);
    return found(
      between(start, end, `next quarter (${spoken(start)} to ${spoken(end)})`),
      run(next.index, next.length),
    );
  }
  for (let index = 0; index < tokens.length; index++) {
    if (used[index]) continue;
    const word = tokens[index]!.word;
    const named = /^q([1-4])$/.exec(word);
    const ordinal = tokens[index + 1]?.word === "quarter" ? ORDINAL_QUARTERS[word] : undefined;
    const quarter = named ? Number(named[1]) : ordinal;
    if (!quarter) continue;
    let length = named ? 1 : 2;
    if (tokens[index + length]?.word === "of") length++;
    const yearToken = tokens[index + length];
    const typedYear = yearToken && isYear(yearToken.word) ? Number(yearToken.word) : null;
    if (typedYear) length++;
    let start = startOfQuarter(new Date(typedYear ?? today.getFullYear(), (quarter - 1) * 3, 1, 12));
    // "Q1" alone means the next Q1 when this year's is over.
    if (!typedYear && endOfQuarter(start) < today) start = addYears(start, 1);
    const end = endOfQuarter(start);
    const label = `in Q${quarter} ${start.getFullYear()} (${spoken(start)} to ${spoken(end)})`;
    return found(clampToToday(start, end, label, today), run(index, length));
  }
  return null;
}

const THIS_YEAR = phrases(
  "this year",
  "current year",
  "end of the year",
  "end of year",
  "year end",
  "year-end",
  "rest of the year",
);
const ROLLING_YEAR = phrases("the next year", "the coming year", "the next 12 months", "the coming 12 months");
const NEXT_YEAR = phrases("next year", "coming year");
const LAST_YEAR = phrases("last year", "previous year");
const THIS_WEEK = phrases("this week", "current week");
const NEXT_WEEK = phrases("next week");
const SOON = phrases("soon", "shortly", "upcoming", "coming up", "near future", "near term", "imminently", "imminent");

/** Periods chrono reads as a single day or not at all ("next week", "this year", "soon"). */
function readNamedPeriod(tokens: readonly Token[], used: Used, today: Date): TimePhrase | null {
  const rolling = findAnyPhrase(tokens, ROLLING_YEAR, used);
  if (rolling) {
    const to = addYears(today, 1);
    return found(between(today, to, `in the next 12 months (to ${spoken(to)})`), run(rolling.index, rolling.length));
  }
  const thisYear = findAnyPhrase(tokens, THIS_YEAR, used);
  if (thisYear) {
    const to = endOfYear(today);
    return found(between(today, to, `this year (to ${spoken(to)})`), run(thisYear.index, thisYear.length));
  }
  const nextYear = findAnyPhrase(tokens, NEXT_YEAR, used);
  if (nextYear) {
    const start = startOfYear(addYears(today, 1));
    return found(
      between(start, endOfYear(start), `next year (${start.getFullYear()})`),
      run(nextYear.index, nextYear.length),
    );
  }
  const lastYear = findAnyPhrase(tokens, LAST_YEAR, used);
  if (lastYear) {
    const start = startOfYear(addYears(today, -1));
    return found(
      between(start, endOfYear(start), `last year (${start.getFullYear()})`),
      run(lastYear.index, lastYear.length),
    );
  }
  const thisWeek = findAnyPhrase(tokens, THIS_WEEK, used);
  if (thisWeek) {
    const to = endOfWeek(today, { weekStartsOn: 1 });
    return found(between(today, to, `this week (to ${spoken(to)})`), run(thisWeek.index, thisWeek.length));
  }
  const nextWeek = findAnyPhrase(tokens, NEXT_WEEK, used);
  if (nextWeek) {
    const start = startOfWeek(addWeeks(today, 1), { weekStartsOn: 1 });
    const end = endOfWeek(start, { weekStartsOn: 1 });
    return found(
      between(start, end, `next week (${spoken(start)} to ${spoken(end)})`),
      run(nextWeek.index, nextWeek.length),
    );
  }
  const soon = findAnyPhrase(tokens, SOON, used);
  if (soon) {
    const to = addMonths(today, SOON_MONTHS);
    const label = `soon (in the next ${SOON_MONTHS} months, to ${spoken(to)})`;
    return found(between(today, to, label), run(soon.index, soon.length));
  }
  return null;
}

const isYear = (word: string): boolean => /^(19|20)\d\d$/.test(word);

const yearSpan = (year: number): Span => {
  const from = new Date(year, 0, 1, 12);
  return { from, to: noon(endOfYear(from)), text: String(year), grain: "year" };
};

/** Bare years, which chrono does not read: "in 2027", "before 2027", "by the end of 2027", "2027-2028". */
function readYears(tokens: readonly Token[], used: Used, today: Date): TimePhrase | null {
  for (let index = 0; index < tokens.length; index++) {
    if (used[index]) continue;
    const word = tokens[index]!.word;
    const hyphenated = /^((?:19|20)\d\d)-((?:19|20)\d\d)$/.exec(word);
    if (hyphenated) {
      const window = spanWindow(
        "in",
        joinSpans(yearSpan(Number(hyphenated[1])), yearSpan(Number(hyphenated[2]))),
        today,
      );
      return found(window, [...leadIn(tokens, used, index), index]);
    }
    if (!isYear(word)) continue;
    const span = yearSpan(Number(word));
    const after = tokens[index + 1]?.word;
    const secondYear = tokens[index + 2];
    if ((after === "and" || after === "to" || after === "through") && secondYear && isYear(secondYear.word)) {
      const window = spanWindow("in", joinSpans(span, yearSpan(Number(secondYear.word))), today);
      return found(window, [...leadIn(tokens, used, index), index, index + 1, index + 2]);
    }
    const taken = leadIn(tokens, used, index);
    return found(spanWindow(relationBefore(tokens, index), span, today), [...taken, index]);
  }
  return null;
}

const DURATION =
  /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few|couple of|several)\s+(day|week|month|year)s?\b/i;

/**
 * What every date or duration chrono reads contains: a number, a month or weekday name, or a
 * calendar word. Most questions ("status of Milan") have none, and chrono costs about half a
 * millisecond a question, the largest part of parsing.
 */
const MAY_HOLD_A_DATE =
  /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(days?|weeks?|fortnights?|months?|years?|weekends?|today|tonight|tomorrow|yesterday|noon|midnight|now)\b/i;

/** Dates and durations in words, read by chrono: "by March 31 2027", "within 90 days", "in December". */
function readWithChrono(text: string, tokens: readonly Token[], used: Used, today: Date): TimePhrase | null {
  if (!MAY_HOLD_A_DATE.test(text)) return null;
  const reference = {
    instant: new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate(), 12)),
    timezone: 0,
  };
  const results = chrono.parse(text, reference, { forwardDate: true });
  for (const [position, result] of results.entries()) {
    const taken = tokensWithin(tokens, result.index, result.index + result.text.length);
    if (taken.length === 0 || taken.some((index) => used[index])) continue;
    const first = taken[0]!;

    const duration = DURATION.exec(result.text);
    if (duration) {
      const to = componentsDate(result.start);
      if (!to || to < today) continue;
      const amount = duration[0].replace(/^an? /i, "").toLowerCase();
      return found(between(today, to, `in the next ${amount} (to ${spoken(to)})`), [
        ...leadIn(tokens, used, first),
        ...taken,
      ]);
    }

    let span = spanOf(result.start);
    if (!span) continue;
    const end = result.end ? spanOf(result.end) : null;
    if (end) span = joinSpans(span, end);
    const relation = relationBefore(tokens, first);
    const next = results[position + 1];
    const opensRange = tokens[first - 1]?.word === "between" || relation === "from";
    if (!end && opensRange && next) {
      const second = spanOf(next.start);
      const secondTaken = tokensWithin(tokens, next.index, next.index + next.text.length);
      if (second && secondTaken.length > 0) {
        const joined = joinSpans(span, second);
        return found(spanWindow("in", joined, today), [
          ...leadIn(tokens, used, first),
          ...taken,
          ...tokensBetween(taken, secondTaken),
          ...secondTaken,
        ]);
      }
    }
    return found(spanWindow(relation, span, today), [...leadIn(tokens, used, first), ...taken]);
  }
  return null;
}

/** A day, or a whole month when the day was not said ("June 2027"); null for a bare weekday. */
function spanOf(components: chrono.ParsedComponents): Span | null {
  const date = componentsDate(components);
  if (!date) return null;
  if (components.isCertain("day")) return { from: date, to: date, text: spoken(date), grain: "day" };
  if (components.isCertain("month")) {
    const from = startOfMonth(date);
    return { from: noon(from), to: noon(endOfMonth(from)), text: format(from, "LLLL yyyy"), grain: "month" };
  }
  return null;
}

function componentsDate(components: chrono.ParsedComponents): Date | null {
  const year = components.get("year");
  const month = components.get("month");
  const day = components.get("day");
  return year && month && day ? new Date(year, month - 1, day, 12) : null;
}

function joinSpans(first: Span, last: Span): Span {
  const text = `${first.text} to ${last.text}`;
  return {
    from: first.from,
    to: last.to,
    text,
    grain: first.grain === "day" && last.grain === "day" ? "day" : "month",
  };
}

function spanWindow(relation: Relation, span: Span, today: Date): DateWindow {
  const coarse = span.grain !== "day";
  switch (relation) {
    case "before": {
      const to = subDays(span.from, 1);
      return {
        from: to < today ? null : iso(today),
        to: iso(to),
        label: `before ${span.text}${coarse ? ` (to ${spoken(to)})` : ""}`,
      };
    }
    case "by":
      return {
        from: span.to < today ? null : iso(today),
        to: iso(span.to),
        label: coarse ? `by the end of ${span.text}` : `by ${span.text}`,
      };
    case "after":
      return { from: iso(addDays(span.to, 1)), to: null, label: `after ${span.text}` };
    case "from":
      return { from: iso(span.from), to: null, label: `from ${span.text}` };
    case "in":
      return clampToToday(
        span.from,
        span.to,
        span.grain === "day" && iso(span.from) === iso(span.to) ? `on ${span.text}` : `in ${span.text}`,
        today,
      );
  }
}

/** A period that has begun counts from today: past term ends are asked for with "expired". */
function clampToToday(from: Date, to: Date, label: string, today: Date): DateWindow {
  if (from < today && to >= today) return between(today, to, `${label} (from ${spoken(today)})`);
  return between(from, to, label);
}

function between(from: Date, to: Date, label: string): DateWindow {
  return { from: iso(from), to: iso(to), label };
}

/** The relation the words before a date give it: "before 2027", "by the end of March", "in 2027". */
function relationBefore(tokens: readonly Token[], index: number): Relation {
  let at = index - 1;
  if (tokens[at]?.word === "the") at--;
  let endOf = false;
  if (tokens[at]?.word === "of" && tokens[at - 1]?.word === "end") {
    endOf = true;
    at -= 2;
    if (tokens[at]?.word === "the") at--;
  }
  const relation = RELATIONS[tokens[at]?.word ?? ""] ?? "in";
  if (endOf) return relation === "after" ? "after" : "by";
  return relation;
}

/** The small words just before a time phrase that belong to it ("by the end of", "within the"). */
function leadIn(tokens: readonly Token[], used: Used, index: number): number[] {
  const taken: number[] = [];
  for (let at = index - 1; at >= 0 && index - at <= 4 && !used[at] && LEAD_IN.has(tokens[at]!.word); at--)
    taken.push(at);
  return taken;
}

function tokensWithin(tokens: readonly Token[], start: number, end: number): number[] {
  const inside: number[] = [];
  tokens.forEach((token, index) => {
    if (token.start >= start && token.end <= end) inside.push(index);
  });
  return inside;
}

function tokensBetween(first: readonly number[], second: readonly number[]): number[] {
  const from = (first[first.length - 1] ?? 0) + 1;
  const to = second[0] ?? from;
  return Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
}

function found(window: DateWindow, tokens: readonly number[]): TimePhrase {
  return { window, tokens };
}

const run = (index: number, length: number): number[] => Array.from({ length }, (_, offset) => index + offset);

/** Words of this module's phrases, for the spelling corrector. */
export const TIME_VOCABULARY: readonly Phrase[] = [
  ...THIS_QUARTER,
  ...NEXT_QUARTER,
  ...THIS_YEAR,
  ...ROLLING_YEAR,
  ...NEXT_YEAR,
  ...LAST_YEAR,
  ...THIS_WEEK,
  ...NEXT_WEEK,
  ...SOON,
  ...phrases(
    ...Object.keys(RELATIONS),
    ...Object.keys(ORDINAL_QUARTERS),
    "within",
    "between",
    "months",
    "weeks",
    "days",
    "years",
  ),
];
