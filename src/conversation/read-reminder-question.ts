import type { ReminderKind } from "../generated/prisma/client.js";
import type { Intent } from "./intent.js";
import type { Token } from "./normalize-text.js";
import { readTimePhrase } from "./parse-date-window.js";
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
 * Questions and commands about reminders: what is coming up, the ledger of one agreement (who was
 * reminded, what they answered), posts that keep failing, the rules, muting one agreement and
 * changing a rule. Read before the intake questions, so "mute overdue request reminders" is not
 * the intake pipeline and "reminders for Lisbon" is not a status question. Every reading needs a
 * reminder word ("reminder", "reminded"), a mute verb, or the outbox's words: nothing else
 * the bot understands is taken. Pure.
 */

const REMINDER_WORDS = phrases("reminder", "reminders", "reminded");
const MUTE = phrases("mute", "silence", "quiet", "hush");
const UNMUTE = phrases("unmute", "unsilence", "un-mute", "stop muting");
const OUTBOX = phrases(
  "outbox",
  "out box",
  "undelivered",
  "unsent",
  "failed to post",
  "failed to send",
  "pending posts",
  "pending messages",
);
const POST_NOUNS = phrases("post", "posts", "message", "messages", "reminder", "reminders", "notification");
const FAILURE = phrases(
  "failed",
  "failing",
  "fail",
  "fails",
  "stuck",
  "not posted",
  "not sent",
  "didnt post",
  "didnt go out",
  "did not post",
  "did not go out",
  "errors",
  "error",
);
const SETTINGS = phrases(
  "settings",
  "setting",
  "rules",
  "rule",
  "config",
  "configuration",
  "configured",
  "preferences",
  "options",
);
const HISTORY = phrases(
  "history",
  "log",
  "ledger",
  "record",
  "records",
  "answered",
  "answer",
  "answers",
  "reminded",
  "who",
  "sent",
  "posted",
  "past",
  "previous",
);
/** Words "coming up" is said with; read as the default window, not as parse-date-window's "soon" (6 months). */
const UPCOMING = phrases("upcoming", "coming up", "coming", "soon", "shortly", "next", "scheduled", "planned", "due");

/** Verbs that turn a rule on or off, or set its lead days; the message starts with one. */
const TURN = new Set(["turn", "switch"]);
const OFF_VERBS = new Set(["disable", "stop", "pause", "deactivate", "suspend"]);
const ON_VERBS = new Set(["enable", "resume", "activate", "reenable", "re-enable", "restart", "unpause"]);
const SET_VERBS = new Set(["set", "change", "make", "update"]);
/** The verbs that may do without a reminder word ("disable escalations"); "stop" and "pause" are too everyday. */
const PLAIN_VERBS = new Set(["turn", "switch", "disable", "enable", "deactivate", "activate"]);
const VERB_FILLERS = new Set(["off", "on", "the", "all", "every"]);
const DAY_ITSELF = phrases("on the day", "the day itself", "day of", "same day", "the day");

const KINDS: readonly (readonly [readonly ReminderKind[], readonly Phrase[]])[] = [
  [
    ["TERM_EXPIRY"],
    phrases("term expiry", "term expiries", "term end", "term ends", "term", "terms", "renewal", "renewals"),
  ],
  [["PROJECT_EXPIRY"], phrases("project", "projects", "project end", "project ends", "project expiry")],
  [
    ["TERM_EXPIRY", "PROJECT_EXPIRY"],
    phrases("expiry", "expiries", "expiration", "expirations", "expiring", "expire", "expires"),
  ],
  [["ANNIVERSARY"], phrases("anniversary", "anniversaries")],
  [["MILESTONE_DUE"], phrases("milestone", "milestones")],
  [["INTAKE_OVERDUE"], phrases("overdue", "overdue request", "overdue requests", "late requests")],
  [["INTAKE_STEP_WAITING"], phrases("waiting", "waiting requests", "stalled", "stalled requests")],
  [
    ["SIGNIFICANT_DATE"],
    phrases(
      "national day",
      "national days",
      "significant date",
      "significant dates",
      "flag raising",
      "flag raisings",
      "flag",
      "flags",
    ),
  ],
  [["MEETING_DIGEST"], phrases("digest", "digests", "meeting digest", "meeting", "meetings")],
  [["ESCALATION"], phrases("escalation", "escalations", "escalate", "escalated")],
];

/** Words around the subject of a reminder question or command; never part of an agreement's name. */
const FRAME = new Set([
  ...wordsOf(REMINDER_WORDS, MUTE, UNMUTE, OUTBOX, SETTINGS, HISTORY, UPCOMING, ...KINDS.map(([, list]) => list)),
  ...TURN,
  ...OFF_VERBS,
  ...ON_VERBS,
  ...SET_VERBS,
  ..."off on all any every the a an to for about with at from by please pls now show list give get tell see me us my our they them their there".split(
    " ",
  ),
  ..."what whats which who whos whom was were is are be been have has had did do does will would should can could i we you".split(
    " ",
  ),
  ..."say said reply replied when how many request requests day days ahead before want like know back again".split(" "),
]);
/** Trimmed from either end of a subject: "the agreement with Warsaw" → "Warsaw". */
const SUBJECT_EDGES = new Set(
  "the a an of for with and to in on about our agreement agreements partnership relationship please".split(" "),
);
const MAX_SUBJECT_WORDS = 10;
const MAX_SUBJECT_CHARS = 120;
const MAX_LEAD_DAYS = 3650;

/** The keywords of this reader, for the spelling corrector. */
export const REMINDER_VOCABULARY: readonly WordTable[] = [
  REMINDER_WORDS,
  MUTE,
  UNMUTE,
  OUTBOX,
  POST_NOUNS,
  FAILURE,
  SETTINGS,
  HISTORY,
  UPCOMING,
  TURN,
  OFF_VERBS,
  ON_VERBS,
  SET_VERBS,
  ...KINDS.map(([, list]) => list),
];

/** A reminder question or command, or null when the message is about something else. */
export function readReminderQuestion(text: string, tokens: readonly Token[], today: Date): Intent | null {
  const aboutReminders = hasAnyPhrase(tokens, REMINDER_WORDS);
  if (readsOutbox(tokens, aboutReminders)) return { kind: "failed-posts" };
  const start = tokens[0]?.word === "please" ? 1 : 0;
  const mute = muteVerb(tokens, start);
  if (mute !== null) {
    return { kind: "mute-reminders", subject: subjectOf(text, tokens) ?? "it", reminderKinds: kindsIn(tokens), mute };
  }
  if (aboutReminders && hasAnyPhrase(tokens, SETTINGS)) return { kind: "reminder-settings" };
  const command = readRuleCommand(text, tokens, start, aboutReminders);
  if (command) return command;
  if (!aboutReminders) return null;
  const used = noneUsed(tokens);
  for (let from = 0; ; ) {
    const match = findAnyPhrase(tokens, UPCOMING, used, from);
    if (!match) break;
    // "next" stays for the time phrase ("next week"); the others only say "ahead".
    if (match.phrase[0] !== "next") markUsed(used, match.index, match.length);
    from = match.index + match.length;
  }
  const time = readTimePhrase(text, tokens, used, today);
  const taken = noneUsed(tokens);
  for (const index of time?.tokens ?? []) taken[index] = true;
  const subject = subjectOf(text, tokens, taken);
  if (subject) return { kind: "reminder-history", subject };
  if (!time && hasAnyPhrase(tokens, HISTORY)) return { kind: "reminder-history", subject: "it" };
  return { kind: "upcoming-reminders", window: time?.window ?? null };
}

/** "which posts failed?", "outbox", "failed reminders", "what didn't post". */
function readsOutbox(tokens: readonly Token[], aboutReminders: boolean): boolean {
  if (hasAnyPhrase(tokens, OUTBOX)) return true;
  if (!hasAnyPhrase(tokens, FAILURE)) return false;
  return aboutReminders || hasAnyPhrase(tokens, POST_NOUNS);
}

/** True for "mute …", false for "unmute …", null when the message does not start with either. */
function muteVerb(tokens: readonly Token[], start: number): boolean | null {
  if (UNMUTE.some((phrase) => phraseAt(tokens, start, phrase))) return false;
  if (MUTE.some((phrase) => phraseAt(tokens, start, phrase))) return true;
  return null;
}

/**
 * "turn off anniversary reminders", "disable escalations", "set expiry reminders to 120, 60, 14 days".
 * Turning a kind off for one agreement ("turn off anniversaries for Warsaw") is a mute.
 */
function readRuleCommand(
  text: string,
  tokens: readonly Token[],
  start: number,
  aboutReminders: boolean,
): Intent | null {
  const verb = tokens[start]?.word ?? "";
  const kinds = kindsIn(tokens);
  if (SET_VERBS.has(verb)) {
    if (!aboutReminders) return null;
    const leadDays = leadDaysIn(tokens, start + 1);
    return {
      kind: "change-reminder-rule",
      reminderKinds: kinds,
      enabled: null,
      leadDays,
      subject: subjectOf(text, tokens),
    };
  }
  let enabled: boolean | null = null;
  if (OFF_VERBS.has(verb)) enabled = false;
  else if (ON_VERBS.has(verb)) enabled = true;
  else if (TURN.has(verb)) {
    const switched = tokens.slice(start + 1).find((token) => token.word === "on" || token.word === "off");
    if (!switched) return null;
    enabled = switched.word === "on";
  } else return null;
  // Without a reminder word, only "turn off anniversaries", "disable the escalations": a kind right after the verb.
  if (!aboutReminders && !(PLAIN_VERBS.has(verb) && kindFollows(tokens, start + 1))) return null;
  const subject = subjectOf(text, tokens);
  if (subject) return { kind: "mute-reminders", subject, reminderKinds: kinds, mute: !enabled };
  return { kind: "change-reminder-rule", reminderKinds: kinds, enabled, leadDays: null, subject: null };
}

/** Whether a kind is named at `at`, after any "off", "on", "the", "all". */
function kindFollows(tokens: readonly Token[], at: number): boolean {
  let index = at;
  while (index < tokens.length && VERB_FILLERS.has(tokens[index]!.word)) index++;
  return KINDS.some(([, list]) => list.some((phrase) => phraseAt(tokens, index, phrase)));
}

/**
 * The kinds named, in the order of REMINDER_KINDS' rules: "expiry" alone is both term and project
 * expiry, but "term expiry" or "project end" narrows it.
 */
function kindsIn(tokens: readonly Token[]): ReminderKind[] {
  const named = new Set<ReminderKind>();
  let generic = false;
  const used = noneUsed(tokens);
  for (;;) {
    let best: { kinds: readonly ReminderKind[]; index: number; length: number } | null = null;
    for (const [kinds, list] of KINDS) {
      const match = findAnyPhrase(tokens, list, used);
      if (match && (!best || match.index < best.index || (match.index === best.index && match.length > best.length))) {
        best = { kinds, index: match.index, length: match.length };
      }
    }
    if (!best) break;
    markUsed(used, best.index, best.length);
    if (best.kinds.length > 1) generic = true;
    else for (const kind of best.kinds) named.add(kind);
  }
  if (generic && !named.has("TERM_EXPIRY") && !named.has("PROJECT_EXPIRY")) {
    named.add("TERM_EXPIRY");
    named.add("PROJECT_EXPIRY");
  }
  return KINDS.flatMap(([kinds]) => (kinds.length === 1 && named.has(kinds[0]!) ? [kinds[0]!] : []));
}

/** "to 120, 60, 14 days", "to 60 days and on the day": the numbers after the verb, largest first; null when none. */
function leadDaysIn(tokens: readonly Token[], from: number): number[] | null {
  const days = new Set<number>();
  for (const token of tokens.slice(from)) {
    if (/^\d{1,6}$/.test(token.word)) days.add(Math.min(Number(token.word), MAX_LEAD_DAYS + 1));
  }
  if (hasAnyPhrase(tokens.slice(from), DAY_ITSELF)) days.add(0);
  return days.size > 0 ? [...days].sort((a, b) => b - a) : null;
}

/**
 * The agreement named: the longest run of words outside the frame (and outside `taken`, a time
 * phrase), trimmed of "the", "agreement" and the like; on a tie the later one. Null when there is
 * none or it cannot be a name.
 */
function subjectOf(text: string, tokens: readonly Token[], taken: Used = noneUsed(tokens)): string | null {
  const outside = (index: number) =>
    !taken[index] && !FRAME.has(tokens[index]!.word) && !/^\d+$/.test(tokens[index]!.word);
  let best: readonly [number, number] | null = null;
  for (let first = 0; first < tokens.length; first++) {
    if (!outside(first)) continue;
    let last = first;
    while (last + 1 < tokens.length && outside(last + 1)) last++;
    const trimmed = trimEdges(tokens, first, last);
    if (trimmed && (!best || trimmed[1] - trimmed[0] >= best[1] - best[0])) best = trimmed;
    first = last;
  }
  if (!best || best[1] - best[0] + 1 > MAX_SUBJECT_WORDS) return null;
  const start = tokens[best[0]]!.start;
  const subject = text.slice(start, tokens[best[1]]!.end).replace(/'s$/i, "").trim();
  if (!/\p{L}/u.test(subject) || subject.length > MAX_SUBJECT_CHARS) return null;
  return subject;
}

function trimEdges(tokens: readonly Token[], first: number, last: number): readonly [number, number] | null {
  let start = first;
  let end = last;
  while (start <= end && SUBJECT_EDGES.has(tokens[start]!.word)) start++;
  while (end >= start && SUBJECT_EDGES.has(tokens[end]!.word)) end--;
  return start <= end ? [start, end] : null;
}
