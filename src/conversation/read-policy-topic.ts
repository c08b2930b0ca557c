import type { PolicyTopic } from "./intent.js";
import type { Token } from "./normalize-text.js";
import { findCategories } from "./read-agreement-filter.js";
import { hasAnyPhrase, type Phrase, phraseAt, phrases } from "./token-phrases.js";

const MOU = phrases("mou", "mous", "memorandum", "memoranda", "memorandums", "memorandum of understanding");
const WORKING_GROUP = phrases("working group", "working groups", "workgroup", "work group", "interdivisional");
const SIGN = phrases(
  "sign",
  "signs",
  "signed",
  "signing",
  "signature",
  "signatures",
  "execute",
  "executes",
  "executed",
);
const SIGNING_ASKED = phrases(
  "who",
  "whom",
  "whose",
  "can",
  "may",
  "could",
  "allowed",
  "authority",
  "authorized",
  "authorised",
  "permitted",
);
const SIGNATORY = phrases("signing authority", "signatory", "signatories", "signing authorities");
const APPROVE = phrases(
  "approve",
  "approves",
  "approved",
  "approval",
  "approvals",
  "approving",
  "sign off",
  "signs off",
  "ratify",
  "ratifies",
  "ratified",
  "council vote",
);
const FUNDING = phrases(
  "funding",
  "fund",
  "funds",
  "funded",
  "budget",
  "budgets",
  "money",
  "dollars",
  "cost",
  "costs",
  "grant",
  "grants",
  "financing",
  "how much",
);
const ASSESSMENT = phrases(
  "assess",
  "assessed",
  "assessment",
  "assessments",
  "assessing",
  "evaluate",
  "evaluated",
  "evaluation",
  "evaluating",
  "reviewed",
  "review process",
  "steps",
  "stages",
  "what happens after",
);
const PROCESS = phrases("process", "procedure", "procedures");
const PROPOSE = phrases(
  "propose",
  "proposing",
  "proposal",
  "proposals",
  "submit",
  "submitting",
  "submission",
  "apply",
  "applying",
  "application",
  "applications",
  "new partner",
  "new partnership",
  "new partnerships",
  "new sister",
  "new agreement",
  "new relationship",
  "new city",
  "request a new",
  "make a request",
  "start a partnership",
  "become a partner",
  "become a sister",
);
const ELIGIBILITY = phrases(
  "eligible",
  "eligibility",
  "criteria",
  "criterion",
  "qualify",
  "qualifies",
  "requirements",
  "requirement",
  "who can be",
  "who can become",
  "who can partner",
  "can be a partner",
  "jurisdiction of concern",
  "jurisdictions of concern",
);
const CATEGORIES = phrases(
  "categories",
  "category",
  "types",
  "kinds",
  "difference",
  "differences",
  "differ",
  "define",
  "definition",
  "meaning",
);
/** "what is a partnership city", "what's an international project": asking what a category is. */
const WHAT_IS_A = phrases("what is a", "what is an", "whats a", "whats an", "what does");
const TERM_LIMIT = phrases(
  "term limit",
  "term limits",
  "time limit",
  "time limits",
  "time-limited",
  "max term",
  "maximum term",
  "term length",
  "length of term",
  "length of a term",
  "length of the term",
  "duration",
  "renewable",
  "how many years",
  "how long",
);
/** "how long has it been": about one agreement's past, not the policy. */
const NOT_TERM_LIMIT = phrases("been", "ago", "has", "have", "since", "when");
const RENEW = phrases("renew", "renewed", "renewal", "renewals", "renewing");
const RENEW_RULE = phrases("can", "could", "may", "allowed", "how", "often", "rules", "rule", "times");

/**
 * The policy topic a question asks about, or null. Checked in an order that settles overlaps:
 * "can we sign an MOU" is about MOUs, "how are proposals assessed" about assessment, not proposing.
 */
export function readPolicyTopic(tokens: readonly Token[]): PolicyTopic | null {
  const has = (list: readonly Phrase[]) => hasAnyPhrase(tokens, list);
  const asksWhen = tokens.some((token) => token.word === "when");
  if (has(MOU)) return "mou";
  if (has(WORKING_GROUP)) return "working-group";
  if (has(SIGNATORY) || (has(SIGN) && has(SIGNING_ASKED) && !asksWhen && !has(APPROVE))) return "signing-authority";
  if (has(APPROVE) && !asksWhen) return "approval";
  if (has(FUNDING)) return "funding";
  if (has(ASSESSMENT) || (has(PROCESS) && !has(PROPOSE))) return "assessment-steps";
  if (has(PROPOSE)) return "how-to-propose";
  if (has(ELIGIBILITY)) return "eligibility";
  if (has(CATEGORIES) || (startsWith(tokens, WHAT_IS_A) && findCategories(tokens).length > 0)) return "categories";
  if ((has(TERM_LIMIT) && !has(NOT_TERM_LIMIT)) || (has(RENEW) && has(RENEW_RULE) && !asksWhen)) return "term-limit";
  return null;
}

function startsWith(tokens: readonly Token[], list: readonly Phrase[]): boolean {
  return list.some((phrase) => phraseAt(tokens, 0, phrase));
}

/** Words of this module's phrases, for the spelling corrector. */
export const POLICY_VOCABULARY: readonly (readonly Phrase[])[] = [
  MOU,
  WORKING_GROUP,
  SIGN,
  SIGNING_ASKED,
  SIGNATORY,
  APPROVE,
  FUNDING,
  ASSESSMENT,
  PROCESS,
  PROPOSE,
  ELIGIBILITY,
  CATEGORIES,
  TERM_LIMIT,
  RENEW,
  RENEW_RULE,
];
