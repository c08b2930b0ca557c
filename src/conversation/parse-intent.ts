import { calendarDateIn } from "../shared/calendar-date.js";
import type { AgreementDateField, AgreementFilter, Intent, ParseContext, PolicyGap } from "./intent.js";
import { createKeywordCorrector } from "./keyword-spelling.js";
import { cleanChatText, type Token, tokenize, typedSpan } from "./normalize-text.js";
import { calendarToday, defaultWindow, expiredWindow, readTimePhrase, TIME_VOCABULARY } from "./parse-date-window.js";
import { FILTER_VOCABULARY, hasFilter, readAgreementFilter, singleCategory } from "./read-agreement-filter.js";
import { INTAKE_VOCABULARY, readIntakeQuestion } from "./read-intake-question.js";
import { MEETING_VOCABULARY, readMeetingQuestion } from "./read-meeting-question.js";
import { POLICY_VOCABULARY, readPolicyTopic } from "./read-policy-topic.js";
import { REMINDER_VOCABULARY, readReminderQuestion } from "./read-reminder-question.js";
import {
  findAnyPhrase,
  hasAnyPhrase,
  markUsed,
  noneUsed,
  type Phrase,
  phraseAt,
  phrases,
  type Used,
  type WordTable,
  wordsOf,
} from "./token-phrases.js";

/*
 * The parser reads a message in a fixed order, each step a small reader that either recognises the
 * message or passes it on: clean up → command prefix → greeting → source / help → reminders (upcoming,
 * ledger, mutes, rules, outbox) → working-group meetings (digest, next meeting) → intake (requests,
 * roles, audit) → policy → gaps → expiry windows → counts → lists → dates → status → unknown. Earlier
 * steps own the more specific wordings ("who signs" is policy before "signed" can make it a date
 * question; "what is waiting for approval" is the intake pipeline before it can be policy). Names are never
 * looked up here: the subject is cut out of the sentence and resolved against the registry later.
 */

const COMMAND_PREFIXES = new Set(["iap", "iapbot", "iap-bot"]);

const GREETING_OPENERS = phrases(
  "hi",
  "hello",
  "hey",
  "hiya",
  "heya",
  "howdy",
  "yo",
  "greetings",
  "good morning",
  "good afternoon",
  "good evening",
  "morning",
  "thanks",
  "thank you",
  "thx",
  "ty",
  "cheers",
  "ok",
  "okay",
  "cool",
  "great",
  "perfect",
  "awesome",
  "nice",
  "got it",
);
/** Words that may follow a greeting without making it a question ("hi there", "thanks so much"). */
const GREETING_TAIL = new Set("there bot team all everyone folks iap you so much very again a lot lots".split(" "));

const HELP_PHRASES = new Set([
  "help",
  "help me",
  "what can you do",
  "what can i ask",
  "what can i ask you",
  "what do you do",
  "what can you help with",
  "what can you help me with",
  "what are the commands",
  "what commands are there",
  "commands",
  "command",
  "usage",
  "examples",
  "example",
  "menu",
  "options",
  "instructions",
  "how does this work",
  "how do i use this",
  "how do i use you",
  "how to use",
  "who are you",
  "what are you",
]);

const SOURCE = phrases(
  "source",
  "sources",
  "citation",
  "citations",
  "cite",
  "cited",
  "reference",
  "references",
  "evidence",
  "proof",
  "come from",
  "comes from",
  "where did you get",
  "how do you know",
  "where is that from",
  "wheres that from",
);
const MAX_SOURCE_WORDS = 8;

/** Words around a negation that make a gap question: "no term end", "without an expiry date". */
const NEGATIONS = new Set("no without missing lacking lack lacks unknown blank empty none".split(" "));
const NEGATED_AFTER = phrases(
  "missing",
  "unknown",
  "blank",
  "empty",
  "absent",
  "not recorded",
  "not set",
  "not known",
  "not filled",
  "not entered",
  "is missing",
  "are missing",
);
const GAP_CONCEPTS: readonly (readonly [Exclude<PolicyGap["kind"], "no-activity-since">, readonly Phrase[]])[] = [
  [
    "no-established-date",
    phrases(
      "establishment date",
      "establishment dates",
      "established date",
      "established dates",
      "establishment year",
      "established year",
      "year established",
      "date established",
      "start year",
      "start date",
      "start dates",
      "founding date",
      "founding year",
      "signing date",
      "signing year",
      "date signed",
      "year signed",
      "establishment",
    ),
  ],
  [
    "no-term-end",
    phrases(
      "term end",
      "term ends",
      "term end date",
      "end date",
      "end dates",
      "expiry date",
      "expiry dates",
      "expiration date",
      "expiration dates",
      "expiry",
      "expiration",
      "end",
      "term",
    ),
  ],
  [
    "no-active-project",
    phrases(
      "active project",
      "active projects",
      "tangible project",
      "tangible projects",
      "current project",
      "current projects",
      "ongoing project",
      "ongoing projects",
      "project",
      "projects",
    ),
  ],
];
const ACTIVITY = phrases("activity", "activities", "recent activity", "events", "engagement");
/** "Dormant" means no activity in the last year: none since the current year minus 1. */
const DORMANT = phrases("dormant", "inactive", "idle");
const RECENT_YEARS = phrases(
  "in the last",
  "in the past",
  "for the last",
  "for the past",
  "over the last",
  "over the past",
);

const EXPIRY = phrases(
  "expire",
  "expires",
  "expiring",
  "expired",
  "expiry",
  "expiries",
  "expiration",
  "expirations",
  "end",
  "ends",
  "ending",
  "ended",
  "finish",
  "finishes",
  "finishing",
  "lapse",
  "lapses",
  "lapsing",
  "lapsed",
  "renewal",
  "renewals",
  "renew",
  "due",
  "terminate",
  "terminates",
  "run out",
  "runs out",
  "running out",
);
const DATE_NOUNS = phrases("term end", "end date", "expiry date", "expiration date", "term start", "start date");
const EXPIRED = phrases("expired", "lapsed", "ended", "have ended", "has ended", "run out", "overdue");

const COUNT = phrases("how many", "number of", "count", "counts", "total", "tally");

const LIST_VERBS = new Set("list lists listing show display give enumerate".split(" "));

const TERM_START = phrases(
  "term start",
  "term starts",
  "term started",
  "term begin",
  "term begins",
  "term began",
  "term commence",
  "term commenced",
  "start date",
  "start of term",
  "start of the term",
  "commencement",
);
const START = phrases("start", "starts", "started", "begin", "begins", "began", "begun", "commence", "commenced");
const TERM_END = phrases(
  "term end",
  "term ends",
  "end date",
  "expiry date",
  "expiration date",
  "end of term",
  "end of the term",
  "expiry",
  "expiration",
  "expire",
  "expires",
  "expiring",
  "run out",
  "runs out",
  "lapse",
  "lapses",
  "terminate",
  "terminates",
  "end",
  "ends",
  "ending",
  "finish",
  "finishes",
  "renewal",
  "renew",
  "renewed",
  "due",
);
const ESTABLISHED = phrases(
  "signed",
  "sign",
  "signing",
  "established",
  "establish",
  "establishment",
  "founded",
  "founding",
  "created",
  "formed",
  "set up",
  "started",
  "start",
  "began",
  "begin",
  "begun",
  "inception",
  "how old",
  "how long",
  "since when",
  "partner",
  "partnered",
  "joined",
  "agreed",
  "approved",
  "twinned",
);
/** Date words clear enough without "when": "Lisbon end date", "Chongqing established?". */
const CLEAR_DATE_WORDS = phrases(
  "term end",
  "end date",
  "expiry",
  "expiration",
  "expiry date",
  "term start",
  "start date",
  "established",
  "establishment",
  "founded",
  "signed",
  "inception",
  "how old",
  "since when",
  "expire",
  "expires",
  "expiring",
);
const ASKS_DATE = phrases("when", "date", "year", "how old", "since when", "how long");
/** Words that join the parts of names ("Port of Spain", "New Delhi"), so never frame a subject. */
const NAME_WORDS = new Set(["of", "the", "a", "an", "and", "de", "new"]);
const frame = (...tables: readonly WordTable[]): Set<string> =>
  new Set(wordsOf(...tables).filter((word) => !NAME_WORDS.has(word)));

/** Words around the subject of a date question. */
const DATE_FRAME = frame(
  TERM_START,
  START,
  TERM_END,
  ESTABLISHED,
  ASKS_DATE,
  "when was were is are did does do will would has have had we us our toronto what which first originally initially".split(
    " ",
  ),
  "officially actually exactly again term terms date dates year been partners old long soon this next with between".split(
    " ",
  ),
  "up for please".split(" "),
);

const STATUS_TRIGGERS = phrases(
  "status",
  "happening",
  "going on",
  "going",
  "tell me",
  "info",
  "information",
  "details",
  "detail",
  "update",
  "updates",
  "news",
  "whats new",
  "anything new",
  "whats up",
  "what about",
  "how about",
  "describe",
  "summary",
  "summarize",
  "summarise",
  "overview",
  "lookup",
  "look up",
  "find",
  "search",
  "regarding",
  "re",
  "concerning",
  "know about",
  "situation",
  "story",
  "doing",
  "progress",
  "profile",
  "contacts",
  "contact",
  "lead",
  "about",
  "show me",
  "show",
  "hows",
  "how is",
  "how are",
);
/** Words around the subject of a status question. */
const STATUS_FRAME = frame(
  STATUS_TRIGGERS,
  "what whats how hows is are was were our my we you me i do does can could please pls on with for latest current".split(
    " ",
  ),
  "currently any give show let see get quick brief some more else there have has things up new to who whos".split(" "),
  "lately recently now right at moment know like going".split(" "),
);
/** Trimmed from either end of a subject: "the agreement with Milan please" → "Milan". */
const SUBJECT_EDGES = new Set(
  "the a an of for with and to in on about our my your their agreement agreements partnership partnerships relationship mou deal please pls thanks torontos now then again".split(
    " ",
  ),
);
/** Words that make a message a sentence rather than a name. */
const SENTENCE_WORDS = new Set(
  "is are was were be been being do does did can could would should will shall may might must have has had i you we they he she me my your our their this that these those what whats which who whom whose why how when where because if not no yes it its list lists show display".split(
    " ",
  ),
);
const MAX_SUBJECT_WORDS = 10;
const MAX_SUBJECT_CHARS = 120;

/** Common words near a keyword that must not be "corrected" into it ("situation" is not "citation"). */
const PROTECTED_WORDS =
  "there these those their where which while whose situation station statue states stated state update updates people party parties progress program programme present recent region regions country countries county month months money agent agency agenda pending sending spending attending extending expand expense express expert explain explore export import amount account title table signal single design assign resign events event every never other others about above after again against being below between could would should might think thing things thank today tomorrow course courses sister sisters partner partners cities commerce industry chamber chambers council development agency investment regional trade federation music alliance invest".split(
    " ",
  );

const correctKeyword = createKeywordCorrector(
  wordsOf(
    ...FILTER_VOCABULARY,
    ...POLICY_VOCABULARY,
    ...INTAKE_VOCABULARY,
    ...REMINDER_VOCABULARY,
    ...MEETING_VOCABULARY,
    TIME_VOCABULARY,
    GREETING_OPENERS,
    HELP_PHRASES,
    SOURCE,
    NEGATIONS,
    NEGATED_AFTER,
    ...GAP_CONCEPTS.map(([, concepts]) => concepts),
    ACTIVITY,
    DORMANT,
    EXPIRY,
    COUNT,
    LIST_VERBS,
    DATE_FRAME,
    STATUS_FRAME,
    SENTENCE_WORDS,
    PROTECTED_WORDS,
  ),
);

/** What someone typed, as an Intent. Pure: no clock, no I/O; `context.now` gives "today". */
export function parseIntent(text: string, context: ParseContext): Intent {
  const cleaned = cleanChatText(text);
  const typed = tokenize(cleaned).map((token): Token => ({ ...token, word: correctKeyword(token) }));
  if (typed.length === 0) return cleaned.includes("?") ? { kind: "help" } : { kind: "unknown", text: cleaned };
  const tokens = COMMAND_PREFIXES.has(typed[0]!.key) ? typed.slice(1) : typed;
  if (tokens.length === 0) return { kind: "help" };

  const question = withoutGreeting(tokens);
  if (question.length === 0) return { kind: "greeting" };
  const today = calendarToday(context.now, context.timeZone);
  return (
    readSource(question) ??
    readHelp(question) ??
    readReminderQuestion(cleaned, question, today) ??
    readMeetingQuestion(cleaned, question, calendarDateIn(context.now, context.timeZone)) ??
    readIntakeQuestion(cleaned, question) ??
    readPolicy(question) ??
    readGap(question, today.getFullYear()) ??
    readExpiring(cleaned, question, today) ??
    readCount(question) ??
    readList(cleaned, question) ??
    readDateQuestion(cleaned, question) ??
    readStatus(cleaned, question) ?? { kind: "unknown", text: cleaned }
  );
}

/** Drops "hi", "thanks", "hey there" from the front; what is left is the question (maybe nothing). */
function withoutGreeting(tokens: readonly Token[]): readonly Token[] {
  let start = 0;
  for (;;) {
    const opener = GREETING_OPENERS.find((phrase) => phraseAt(tokens, start, phrase));
    if (!opener) break;
    start += opener.length;
    while (start < tokens.length && GREETING_TAIL.has(tokens[start]!.word)) start++;
  }
  return start === 0 ? tokens : tokens.slice(start);
}

function readSource(tokens: readonly Token[]): Intent | null {
  return tokens.length <= MAX_SOURCE_WORDS && hasAnyPhrase(tokens, SOURCE) ? { kind: "source" } : null;
}

function readHelp(tokens: readonly Token[]): Intent | null {
  const words = tokens.map((token) => token.word).filter((word) => word !== "please" && word !== "bot");
  if (HELP_PHRASES.has(words.join(" ")) || (words[0] === "help" && words.length <= 3)) return { kind: "help" };
  return null;
}

function readPolicy(tokens: readonly Token[]): Intent | null {
  const topic = readPolicyTopic(tokens);
  return topic ? { kind: "policy", topic, category: singleCategory(tokens) } : null;
}

function readGap(tokens: readonly Token[], currentYear: number): Intent | null {
  const used = noneUsed(tokens);
  const gap = readGapKind(tokens, used, currentYear);
  return gap ? { kind: "gap", gap, filter: readAgreementFilter(tokens, used).filter } : null;
}

function readGapKind(tokens: readonly Token[], used: Used, currentYear: number): PolicyGap | null {
  const dormant = findAnyPhrase(tokens, DORMANT);
  const activity = findAnyPhrase(tokens, ACTIVITY);
  if (dormant || (activity && isNegated(tokens, activity.index, activity.length, used))) {
    const match = (dormant ?? activity)!;
    markUsed(used, match.index, match.length);
    return { kind: "no-activity-since", year: activityYear(tokens, used, currentYear) };
  }
  for (const [kind, concepts] of GAP_CONCEPTS) {
    for (let from = 0; from < tokens.length; from++) {
      const match = findAnyPhrase(tokens, concepts, used, from);
      if (!match) break;
      from = match.index;
      // "international projects" is a category, not the projects an agreement runs.
      if (kind === "no-active-project" && tokens[match.index - 1]?.word === "international") continue;
      if (isNegated(tokens, match.index, match.length, used)) {
        markUsed(used, match.index, match.length);
        return { kind };
      }
    }
  }
  return null;
}

/** Whether a negation sits within three words before the concept, or "missing"/"not recorded" after it. */
function isNegated(tokens: readonly Token[], index: number, length: number, used: Used): boolean {
  for (let at = index - 1; at >= 0 && index - at <= 3; at--) {
    if (NEGATIONS.has(tokens[at]!.word)) {
      markUsed(used, at, 1);
      return true;
    }
  }
  const after = index + length;
  for (let at = after; at < tokens.length && at - after < 3; at++) {
    const match = NEGATED_AFTER.find((phrase) => phraseAt(tokens, at, phrase));
    if (match) {
      markUsed(used, at, match.length);
      return true;
    }
  }
  return false;
}

/** "since 2023" → 2023; "in the last 3 years" → current year − 3; nothing said → current year − 1 (dormant). */
function activityYear(tokens: readonly Token[], used: Used, currentYear: number): number {
  const yearAt = tokens.findIndex((token, index) => !used[index] && /^(19|20)\d\d$/.test(token.word));
  if (yearAt >= 0) {
    markUsed(used, yearAt, 1);
    if (["since", "after", "in"].includes(tokens[yearAt - 1]?.word ?? "")) markUsed(used, yearAt - 1, 1);
    return Number(tokens[yearAt]!.word);
  }
  const recent = findAnyPhrase(tokens, RECENT_YEARS, used);
  if (recent) {
    const amount = tokens[recent.index + recent.length];
    const unit = tokens[recent.index + recent.length + 1];
    const years = amount && /^\d{1,2}$/.test(amount.word) ? Number(amount.word) : amount?.word === "year" ? 1 : null;
    if (years !== null) {
      markUsed(used, recent.index, recent.length + (unit?.word.startsWith("year") ? 2 : 1));
      return currentYear - years;
    }
  }
  return currentYear - 1;
}

/**
 * "What expires in the next 6 months", "partnership cities expiring in 2027", "what has expired".
 * Words left over that name an agreement ("is Lisbon expiring soon") make it a date question instead.
 */
function readExpiring(text: string, tokens: readonly Token[], today: Date): Intent | null {
  const used = noneUsed(tokens);
  const time = readTimePhrase(text, tokens, used, today);
  for (const index of time?.tokens ?? []) used[index] = true;
  const expiry = findAnyPhrase(tokens, EXPIRY, used);
  if (!expiry) return null;
  const expired = hasAnyPhrase(tokens, EXPIRED, used);
  for (let from = 0; ; ) {
    const match = findAnyPhrase(tokens, EXPIRY, used, from);
    if (!match) break;
    markUsed(used, match.index, match.length);
    from = match.index + match.length;
  }
  // "When does Lisbon end", "Portugal end date": a date of one agreement, not a window.
  if (!time && (tokens.some((token) => token.word === "when") || hasAnyPhrase(tokens, DATE_NOUNS))) return null;
  const reading = readAgreementFilter(tokens, used);
  if (reading.leftovers.length > 0) return null;
  const window = time?.window ?? (expired ? expiredWindow(today) : defaultWindow(today));
  return { kind: "expiring", window, filter: reading.filter };
}

function readCount(tokens: readonly Token[]): Intent | null {
  const count = findAnyPhrase(tokens, COUNT);
  if (!count) return null;
  const used = noneUsed(tokens);
  markUsed(used, count.index, count.length);
  return { kind: "count-agreements", filter: readAgreementFilter(tokens, used).filter };
}

/**
 * "historical agreements in China", "show partnership cities", "what do we have in Portugal".
 * A place alone ("Portugal") is a name, not a list; an unknown place after "in" ("agreements in
 * Seoul", "Mexico City") is a name to look up.
 */
function readList(text: string, tokens: readonly Token[]): Intent | null {
  const reading = readAgreementFilter(tokens, noneUsed(tokens));
  const hasListVerb = tokens.some((token) => LIST_VERBS.has(token.word));
  const asks = reading.namesAgreements || reading.asksForList;
  if (
    reading.leftovers.length === 0 &&
    (reading.namesAgreements || (reading.asksForList && (hasFilter(reading.filter) || hasListVerb)))
  ) {
    return { kind: "list-agreements", filter: reading.filter };
  }
  if (asks && reading.nameAfterPreposition) {
    const [first, last] = reading.nameAfterPreposition;
    const subject = subjectOf(text, tokens, first, last);
    if (subject) return { kind: "agreement-status", subject };
  }
  return null;
}

/** "when was Chongqing signed", "Lisbon end date", "when did the Lisbon term start". */
function readDateQuestion(text: string, tokens: readonly Token[]): Intent | null {
  const which = dateField(tokens);
  if (!which || !(hasAnyPhrase(tokens, CLEAR_DATE_WORDS) || hasAnyPhrase(tokens, ASKS_DATE))) return null;
  const run = subjectRun(tokens, DATE_FRAME);
  if (!run) return { kind: "agreement-date", subject: "it", which };
  const subject = subjectOf(text, tokens, run[0], run[1]);
  return subject ? { kind: "agreement-date", subject, which } : null;
}

function dateField(tokens: readonly Token[]): AgreementDateField | null {
  const aboutTerm = tokens.some((token) => token.word === "term" || token.word === "terms");
  if (hasAnyPhrase(tokens, TERM_START) || (aboutTerm && hasAnyPhrase(tokens, START))) return "term-start";
  if (hasAnyPhrase(tokens, TERM_END)) return "term-end";
  if (hasAnyPhrase(tokens, ESTABLISHED)) return "established";
  return null;
}

/**
 * "what's happening with Milan?", "Milan status", "how is our partnership with Frankfurt going", or a
 * bare name ("Kiev", "Hong Kong"). "Tell me about partnership cities" asks for a list.
 */
function readStatus(text: string, tokens: readonly Token[]): Intent | null {
  if (hasAnyPhrase(tokens, STATUS_TRIGGERS)) {
    const run = subjectRun(tokens, STATUS_FRAME);
    if (!run) return { kind: "agreement-status", subject: "it" };
    const list = listWithin(tokens);
    if (list) return { kind: "list-agreements", filter: list };
    const subject = subjectOf(text, tokens, run[0], run[1]);
    return subject ? { kind: "agreement-status", subject } : null;
  }
  const whole = trimEdges(tokens, 0, tokens.length - 1);
  if (!whole || tokens.some((token) => SENTENCE_WORDS.has(token.word))) return null;
  const subject = subjectOf(text, tokens, whole[0], whole[1]);
  return subject ? { kind: "agreement-status", subject } : null;
}

/** The filter when what a status question asks about is a kind of agreement ("tell me about partnership cities"). */
function listWithin(tokens: readonly Token[]): AgreementFilter | null {
  const triggers = noneUsed(tokens);
  for (let from = 0; ; ) {
    const match = findAnyPhrase(tokens, STATUS_TRIGGERS, triggers, from);
    if (!match) break;
    markUsed(triggers, match.index, match.length);
    from = match.index + match.length;
  }
  const reading = readAgreementFilter(tokens, triggers);
  return reading.namesAgreements && reading.leftovers.length === 0 ? reading.filter : null;
}

/**
 * The longest stretch of words that are not part of the question's frame, trimmed of "the", "our",
 * "agreement" and the like at either end; on a tie the later one, since names tend to come last.
 */
function subjectRun(tokens: readonly Token[], frame: ReadonlySet<string>): readonly [number, number] | null {
  let best: readonly [number, number] | null = null;
  for (let start = 0; start < tokens.length; start++) {
    if (frame.has(tokens[start]!.word)) continue;
    let end = start;
    while (end + 1 < tokens.length && !frame.has(tokens[end + 1]!.word)) end++;
    const trimmed = trimEdges(tokens, start, end);
    if (trimmed && (!best || trimmed[1] - trimmed[0] >= best[1] - best[0])) best = trimmed;
    start = end;
  }
  return best;
}

function trimEdges(tokens: readonly Token[], first: number, last: number): readonly [number, number] | null {
  let start = first;
  let end = last;
  while (start <= end && SUBJECT_EDGES.has(tokens[start]!.word)) start++;
  while (end >= start && SUBJECT_EDGES.has(tokens[end]!.word)) end--;
  return start <= end ? [start, end] : null;
}

/** The subject as typed, or null when it cannot be a name: no letters, a sentence, or a paste. */
function subjectOf(text: string, tokens: readonly Token[], first: number, last: number): string | null {
  if (last - first + 1 > MAX_SUBJECT_WORDS) return null;
  if (tokens.slice(first, last + 1).some((token) => SENTENCE_WORDS.has(token.word) && token.word !== "it")) return null;
  const subject = typedSpan(text, tokens, first, last);
  if (!/\p{L}/u.test(subject) || subject.length > MAX_SUBJECT_CHARS) return null;
  return subject;
}
