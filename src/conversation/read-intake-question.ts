import type { IntakeKind } from "../intake/intake-kind.js";
import type { Age, AgeUnit } from "../intake/request-age.js";
import type { ChatRole, Intent, OpenRequestState } from "./intent.js";
import type { Token } from "./normalize-text.js";
import {
  findAnyPhrase,
  hasAnyPhrase,
  markUsed,
  noneUsed,
  type Phrase,
  type PhraseMatch,
  phraseAt,
  phrases,
  type Used,
  type WordTable,
} from "./token-phrases.js";

/*
 * Questions and commands about CCO-SPER's intake: one request by number, one's own requests, the
 * pipeline, what is over the target, opening a new request, roles and the audit log. Read before the
 * policy questions, so "what is waiting for approval" is the pipeline and "I want to propose a partner
 * city" opens a form, while "how do I propose a partner city?" stays a policy question. Pure.
 */

/** Words a request number follows: "request 12", "proposal no. 12". */
const NUMBERED = new Set(["request", "requests", "req", "proposal", "intake", "application", "submission", "case"]);
const NUMBER_MARKERS = new Set(["number", "no", "num", "nr", "id"]);
const DIGITS = /^\d{1,15}$/;

const HISTORY = phrases(
  "audit",
  "audits",
  "audited",
  "audit trail",
  "audit log",
  "history",
  "trail",
  "log",
  "logs",
  "changelog",
  "change log",
  "changes",
  "timeline",
  "who did what",
);
const AUDIT_LOG = phrases(
  "audit",
  "audits",
  "audit log",
  "audit logs",
  "audit trail",
  "changelog",
  "change log",
  "recent changes",
  "latest changes",
  "last changes",
  "all changes",
  "who changed what",
  "who did what",
);
/** Whole messages that ask for the audit log. */
const AUDIT_LOG_MESSAGES = new Set(["what changed", "what has changed", "whats changed", "changes", "history"]);

const ROLE_COMMANDS = new Set(["role", "roles"]);
const GIVE_ROLE = new Set("add set give grant make assign change update put register".split(" "));
const TAKE_ROLE = new Set("remove revoke delete drop clear unset reset strip unassign".split(" "));
/** Verbs about roles and nothing else: they need no mention to be read as a role command. */
const PROMOTE = new Set(["promote", "appoint", "designate", "nominate"]);
const DEMOTE = "demote";
/** Words after an everyday verb that show it is not about a person: "give me", "set up", "make sure". */
const NOT_A_PERSON = new Set(["me", "us", "up", "sure", "a", "an", "the", "new"]);
const ROLE_PHRASES: readonly (readonly [ChatRole, readonly Phrase[]])[] = [
  [
    "DIVISION_REP",
    phrases(
      "division rep",
      "division reps",
      "division-rep",
      "division representative",
      "division representatives",
      "divisional rep",
      "divisional representative",
      "rep",
      "reps",
      "representative",
      "representatives",
    ),
  ],
  [
    "COORDINATOR",
    phrases(
      "coordinator",
      "coordinators",
      "co-ordinator",
      "co-ordinators",
      "cco-sper coordinator",
      "intake coordinator",
    ),
  ],
  ["STAFF", phrases("staff", "staff member", "regular staff", "plain staff", "member of staff", "regular user")],
];
/** Words between a division representative and their division: "rep for EDC". */
const DIVISION_LEAD_INS = new Set(["for", "of", "in", "at", "from", "the", "division", "with", "on"]);
const DIVISION_CODE = /^[A-Za-z][A-Za-z0-9&-]{0,19}$/;

const MINE = phrases(
  "my request",
  "my requests",
  "my proposal",
  "my proposals",
  "my submission",
  "my submissions",
  "my application",
  "my applications",
  "my intake",
  "requests i submitted",
  "requests i made",
  "requests i sent",
  "proposals i submitted",
  "did i submit",
  "have i submitted",
  "i submitted",
  "ive submitted",
  "i have submitted",
  "did i send",
  "have i sent",
  "did i propose",
  "have i proposed",
  "i proposed",
  "did i request",
  "have i requested",
);

const OVERDUE = phrases(
  "overdue",
  "past due",
  "past the target",
  "over the target",
  "over target",
  "beyond the target",
  "longer than the target",
  "behind schedule",
  "taking too long",
  "too long",
  "stale",
);
const LATE = phrases("late", "slow", "stuck", "oldest");
const LONGER_THAN = phrases(
  "longer than",
  "more than",
  "older than",
  "over",
  "for over",
  "for more than",
  "beyond",
  "greater than",
  "in excess of",
  "at least",
);
const OPEN_CONTEXT = phrases(
  "open",
  "opened",
  "request",
  "requests",
  "proposal",
  "proposals",
  "submission",
  "submissions",
  "pending",
  "waiting",
  "outstanding",
  "intake",
  "submitted",
  "unresolved",
  "undecided",
  "pipeline",
);
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  eighteen: 18,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const UNITS: Readonly<Record<string, AgeUnit>> = {
  day: "day",
  days: "day",
  week: "week",
  weeks: "week",
  wk: "week",
  wks: "week",
  month: "month",
  months: "month",
  mo: "month",
  mos: "month",
  mth: "month",
  mths: "month",
  year: "year",
  years: "year",
  yr: "year",
  yrs: "year",
};
/** The longest age asked about that still means something (a century). */
const MAX_AGE_DAYS = 36_600;

const WAITING = phrases(
  "waiting",
  "awaiting",
  "waits",
  "pending",
  "queue",
  "queued",
  "pipeline",
  "backlog",
  "in progress",
  "outstanding",
  "in the works",
  "underway",
  "on the desk",
);
const REQUEST_PLURALS = phrases(
  "requests",
  "proposals",
  "submissions",
  "applications",
  "intake",
  "intakes",
  "intake requests",
);
const OPEN_WORDS = phrases(
  "open",
  "active",
  "current",
  "ongoing",
  "unfinished",
  "undecided",
  "unresolved",
  "live",
  "all",
  "list",
  "show",
  "which",
  "what",
  "any",
  "how many",
);
/** Words that make a sentence about requests a question about the process (a policy question). */
const PROCESS_WORDS = new Set(
  "how process procedure procedures assess assessed evaluated criteria eligible eligibility steps submit propose who why should must".split(
    " ",
  ),
);
/** Words that make it about agreements, not requests ("which agreements are overdue"). */
const ABOUT_AGREEMENTS = new Set(
  "agreement agreements renewal renewals expire expires expiring expired expiry term terms".split(" "),
);
const STATE_PHRASES: readonly (readonly [OpenRequestState, readonly Phrase[]])[] = [
  [
    "CAPACITY_ASSESSMENT",
    phrases(
      "capacity assessment",
      "internal capacity",
      "capacity",
      "resources",
      "resourcing",
      "step 3",
      "step three",
      "division assessment",
    ),
  ],
  [
    "INITIAL_ASSESSMENT",
    phrases("initial assessment", "initial", "first assessment", "step 2", "step two", "assessment", "assessed"),
  ],
  [
    "APPROVAL",
    phrases(
      "approval",
      "approvals",
      "council",
      "council decision",
      "signing",
      "signature",
      "sign off",
      "signoff",
      "step 4",
      "step four",
      "decision",
    ),
  ],
  [
    "SUBMITTED",
    phrases(
      "new requests",
      "new proposals",
      "new submissions",
      "not started",
      "unassessed",
      "triage",
      "step 1",
      "step one",
      "to start",
      "to be started",
      "a start",
      "to begin",
    ),
  ],
];

const KIND_PHRASES: readonly (readonly [IntakeKind, readonly Phrase[]])[] = [
  ["MOU_REQUEST", phrases("mou", "mous", "memorandum", "memoranda", "memorandum of understanding")],
  [
    "INBOUND_DELEGATION",
    phrases("delegation", "delegations", "visiting delegation", "inbound delegation", "visit", "visitors", "visiting"),
  ],
  ["RENEWAL", phrases("renew", "renewal", "renewing", "renewed", "extend", "extension")],
  ["INTERNATIONAL_PROJECT", phrases("international project", "project", "projects")],
  [
    "PARTNERSHIP_CITY",
    phrases(
      "partner city",
      "partnership city",
      "sister city",
      "twin city",
      "twinning",
      "friendship city",
      "partnership",
      "partner",
      "sister",
    ),
  ],
];
const DELEGATION = phrases("delegation", "delegations");
/** What someone may ask for without naming a kind: "a new request", "an agreement with Lyon". */
const REQUEST_NOUNS = new Set("request proposal agreement relationship alliance application submission".split(" "));
/** Words that may stand before what is asked for: "a new", "another". */
const ARTICLES = new Set(["a", "an", "another", "new", "one", "second", "fresh"]);
/** "I", "we", "I'd", "we're" (apostrophes are dropped before this runs). */
const SUBJECTS = new Set(["i", "we", "id", "wed", "ill", "im", "were", "ive", "weve"]);
const MODALS = phrases(
  "want to",
  "wanna",
  "would like to",
  "would love to",
  "like to",
  "love to",
  "need to",
  "wish to",
  "plan to",
  "planning to",
  "am planning to",
  "are planning to",
  "intend to",
  "hope to",
  "going to",
  "gonna",
  "am going to",
  "are going to",
  "have to",
  "would like",
  "want",
  "need",
  "like",
  "got",
  "have",
);
/** Verbs that always mean opening a request: "propose a sister city", "I'd like to submit". */
const OPENING_VERBS = new Set(["propose", "submit", "renew"]);
/** Verbs that open a request when what follows names one: "start a partnership", "open a request". */
const STARTING_VERBS = new Set(
  "start open create make establish begin launch file form sign pursue explore host welcome receive bring request apply add".split(
    " ",
  ),
);
/** The imperative forms of those: a message may start with them ("request a new partner city"). */
const STARTING_IMPERATIVES = new Set("start open create establish begin launch file host request".split(" "));

/** The keywords of this reader, for the spelling corrector. */
export const INTAKE_VOCABULARY: readonly WordTable[] = [
  NUMBERED,
  HISTORY,
  AUDIT_LOG,
  ROLE_COMMANDS,
  GIVE_ROLE,
  TAKE_ROLE,
  PROMOTE,
  [DEMOTE],
  ...ROLE_PHRASES.map(([, list]) => list),
  MINE,
  OVERDUE,
  LONGER_THAN,
  OPEN_CONTEXT,
  Object.keys(UNITS),
  WAITING,
  REQUEST_PLURALS,
  OPEN_WORDS,
  ...STATE_PHRASES.map(([, list]) => list),
  ...KIND_PHRASES.map(([, list]) => list),
  REQUEST_NOUNS,
  OPENING_VERBS,
  STARTING_VERBS,
];

/** An intake question or command, or null when the message is about something else. */
export function readIntakeQuestion(text: string, tokens: readonly Token[]): Intent | null {
  const number = requestNumber(text, tokens);
  if (number !== null) {
    return hasAnyPhrase(tokens, HISTORY) ? { kind: "request-history", number } : { kind: "request-status", number };
  }
  return (
    readRoleCommand(text, tokens) ??
    readAuditLog(tokens) ??
    readMyRequests(tokens) ??
    readOverdue(tokens) ??
    readOpenRequests(tokens) ??
    readNewRequest(tokens)
  );
}

/** "request 12", "request #12", "request no. 12", "#12". */
function requestNumber(text: string, tokens: readonly Token[]): number | null {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (DIGITS.test(token.word) && text[token.start - 1] === "#") return Number(token.word);
    if (!NUMBERED.has(token.word)) continue;
    let next = index + 1;
    if (tokens[next] && NUMBER_MARKERS.has(tokens[next]!.word)) next++;
    if (tokens[next] && DIGITS.test(tokens[next]!.word)) return Number(tokens[next]!.word);
  }
  return null;
}

/** Words typed as "@name": the mentions adapters leave in the text. */
function mentionTokens(text: string, tokens: readonly Token[]): Used {
  return tokens.map((token) => text[token.start - 1] === "@");
}

/**
 * "role add @Ana coordinator", "role add @Bo division rep EDC", "role remove @Ana", "make @Ana a
 * coordinator", "promote Ana to coordinator", "demote @Ana". Messages starting with "role" are always
 * role commands (a bare "role" asks how); others need a verb and a role (or a verb that takes one away),
 * and, unless the verb is about roles only, an "@someone".
 */
function readRoleCommand(text: string, tokens: readonly Token[]): Intent | null {
  const first = tokens[0]?.word ?? "";
  const command = ROLE_COMMANDS.has(first);
  const verb = command ? (tokens[1]?.word ?? "") : first;
  const takes = TAKE_ROLE.has(verb) || verb === DEMOTE;
  const roleVerb = PROMOTE.has(first) || first === DEMOTE;
  if (!command && !roleVerb && !TAKE_ROLE.has(first) && !GIVE_ROLE.has(first)) return null;
  const mentions = mentionTokens(text, tokens);
  const found = findRole(tokens, mentions, command);
  if (!command) {
    if (!takes && found === null) return null;
    // "give me the coordinators", "set up a meeting with the coordinator" are not about giving anyone a role.
    const aboutSomeone =
      mentions.some(Boolean) ||
      tokens.some((token) => ROLE_COMMANDS.has(token.word)) ||
      (found !== null && found.role !== "STAFF" && !NOT_A_PERSON.has(tokens[1]?.word ?? ""));
    if (!aboutSomeone && !roleVerb) return null;
  }
  const role: ChatRole | null = takes ? "STAFF" : (found?.role ?? null);
  const mentionIndex = mentions.indexOf(true);
  return {
    kind: "change-role",
    role,
    divisionCode: role === "DIVISION_REP" && found ? divisionCodeNear(tokens, found.match, mentions) : null,
    mentionedName: mentionIndex >= 0 ? tokens[mentionIndex]!.raw.replace(/'s$/i, "") : null,
  };
}

function findRole(
  tokens: readonly Token[],
  mentions: Used,
  command: boolean,
): { role: ChatRole; match: PhraseMatch } | null {
  let best: { role: ChatRole; match: PhraseMatch } | null = null;
  for (const [role, list] of ROLE_PHRASES) {
    const match = findAnyPhrase(tokens, list, mentions);
    if (match && (!best || match.index < best.match.index)) best = { role, match };
  }
  if (best || !command) return best;
  // "role add @Bo division EDC": "division" alone, when nothing else names a role.
  const division = tokens.findIndex((token, index) => !mentions[index] && token.word === "division");
  return division >= 0 ? { role: "DIVISION_REP", match: { index: division, length: 1, phrase: ["division"] } } : null;
}

/** "rep for EDC", "EDC division rep": the division code after the role words, or just before them. */
function divisionCodeNear(tokens: readonly Token[], match: PhraseMatch, mentions: Used): string | null {
  let at = match.index + match.length;
  while (at < tokens.length && DIVISION_LEAD_INS.has(tokens[at]!.word)) at++;
  const after = tokens[at];
  if (after && !mentions[at] && DIVISION_CODE.test(after.raw)) return after.raw;
  const before = tokens[match.index - 1];
  if (
    before &&
    !mentions[match.index - 1] &&
    DIVISION_CODE.test(before.raw) &&
    before.raw === before.raw.toUpperCase()
  ) {
    return before.raw;
  }
  return null;
}

function readAuditLog(tokens: readonly Token[]): Intent | null {
  const whole = tokens.map((token) => token.word).join(" ");
  if (AUDIT_LOG_MESSAGES.has(whole) || hasAnyPhrase(tokens, AUDIT_LOG)) return { kind: "audit-log" };
  return null;
}

function readMyRequests(tokens: readonly Token[]): Intent | null {
  return hasAnyPhrase(tokens, MINE) ? { kind: "my-requests" } : null;
}

/**
 * "overdue requests", "what has been open longer than 6 months?", "requests open over 3 months".
 * Without an age, the configured target applies.
 */
function readOverdue(tokens: readonly Token[]): Intent | null {
  if (tokens.some((token) => ABOUT_AGREEMENTS.has(token.word))) return null;
  const inContext = hasAnyPhrase(tokens, OPEN_CONTEXT);
  const age = readAge(tokens);
  if (hasAnyPhrase(tokens, OVERDUE) || (inContext && hasAnyPhrase(tokens, LATE))) {
    return { kind: "overdue-requests", olderThan: age };
  }
  return age && inContext ? { kind: "overdue-requests", olderThan: age } : null;
}

/** "longer than 6 months", "over six months", "more than a year". */
function readAge(tokens: readonly Token[]): Age | null {
  for (let from = 0; ; ) {
    const match = findAnyPhrase(tokens, LONGER_THAN, undefined, from);
    if (!match) return null;
    from = match.index + 1;
    let at = match.index + match.length;
    if (tokens[at]?.word === "the") at++;
    const amountWord = tokens[at]?.word ?? "";
    const amount = DIGITS.test(amountWord) ? Number(amountWord) : NUMBER_WORDS[amountWord];
    const unit = UNITS[tokens[at + 1]?.word ?? ""];
    if (amount === undefined || !unit) continue;
    const days = amount * { day: 1, week: 7, month: 31, year: 366 }[unit];
    if (amount >= 1 && days <= MAX_AGE_DAYS) return { amount, unit };
  }
}

/**
 * "what's waiting for initial assessment?", "what is waiting for approval", "what's in the intake
 * pipeline", "open requests", "requests at approval".
 */
function readOpenRequests(tokens: readonly Token[]): Intent | null {
  if (tokens.some((token) => ABOUT_AGREEMENTS.has(token.word))) return null;
  const waiting = hasAnyPhrase(tokens, WAITING);
  const noun = hasAnyPhrase(tokens, REQUEST_PLURALS);
  const state = openState(tokens);
  const asksProcess = tokens.some(
    (token, index) => PROCESS_WORDS.has(token.word) && !(token.word === "how" && tokens[index + 1]?.word === "many"),
  );
  const words = tokens.map((token) => token.word).filter((word) => word !== "the");
  const justTheNoun = REQUEST_PLURALS.some((phrase) => phrase.join(" ") === words.join(" "));
  if (waiting || (noun && !asksProcess && (state !== null || hasAnyPhrase(tokens, OPEN_WORDS) || justTheNoun))) {
    return { kind: "open-requests", state };
  }
  return null;
}

function openState(tokens: readonly Token[]): OpenRequestState | null {
  for (const [state, list] of STATE_PHRASES) if (hasAnyPhrase(tokens, list)) return state;
  return null;
}

/**
 * "new request", "new", "propose", "propose a sister city", "new international project", "I want to
 * propose a new partner city", "I'd like an MOU with Lyon", "a delegation is visiting", "renew our
 * agreement with Milan". A question about how to propose is left to the policy reader.
 */
function readNewRequest(tokens: readonly Token[]): Intent | null {
  const first = tokens[0]!.word;
  if (first === "new") {
    if (tokens.length === 1 || namesRequest(tokens, 1)) return newRequest(tokens);
    return null;
  }
  if (OPENING_VERBS.has(first)) return newRequest(tokens);
  if (STARTING_IMPERATIVES.has(first) && (tokens.length === 1 || namesRequestAfter(tokens, 1))) {
    return newRequest(tokens);
  }
  const at = afterStatementOpening(tokens);
  if (at !== null && at < tokens.length) {
    const verb = tokens[at]!.word;
    if (OPENING_VERBS.has(verb)) return newRequest(tokens);
    if (STARTING_VERBS.has(verb) && namesRequestAfter(tokens, at + 1)) return newRequest(tokens);
    if (ARTICLES.has(verb) && namesRequestAfter(tokens, at)) return newRequest(tokens);
  }
  if (hasAnyPhrase(tokens, DELEGATION)) return { kind: "new-request", requestKind: "INBOUND_DELEGATION" };
  return null;
}

function newRequest(tokens: readonly Token[]): Intent {
  return { kind: "new-request", requestKind: requestKindIn(tokens) };
}

function requestKindIn(tokens: readonly Token[]): IntakeKind | null {
  for (const [kind, list] of KIND_PHRASES) if (hasAnyPhrase(tokens, list)) return kind;
  return null;
}

/** Whether the words at `at` name something to request: a kind ("sister city") or "request", "agreement". */
function namesRequest(tokens: readonly Token[], at: number): boolean {
  const token = tokens[at];
  if (!token) return false;
  if (REQUEST_NOUNS.has(token.word)) return true;
  return KIND_PHRASES.some(([, list]) => list.some((phrase) => phraseAt(tokens, at, phrase)));
}

/** `namesRequest` after any "a", "an", "new", "another". */
function namesRequestAfter(tokens: readonly Token[], at: number): boolean {
  let index = at;
  while (index < tokens.length && ARTICLES.has(tokens[index]!.word)) index++;
  return namesRequest(tokens, index);
}

/** Where the verb stands after "I want to", "we'd like to", "let's", "please"; null when it does not open so. */
function afterStatementOpening(tokens: readonly Token[]): number | null {
  let at = 0;
  if (tokens[at]?.word === "please") at++;
  if (tokens[at]?.word === "lets") return at + 1;
  if (phraseAt(tokens, at, ["let", "us"])) return at + 2;
  if (!SUBJECTS.has(tokens[at]?.word ?? "")) return at > 0 ? at : null;
  at++;
  const used = noneUsed(tokens);
  markUsed(used, 0, at);
  const modal = findAnyPhrase(tokens, MODALS, used, at);
  if (!modal || modal.index !== at) return null;
  return at + modal.length;
}
