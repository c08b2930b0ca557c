import type { AgreementCategory } from "../registry/registry-document.js";
import { findPlace } from "./country-names.js";
import type { AgreementFilter } from "./intent.js";
import type { Token } from "./normalize-text.js";
import { markUsed, type Phrase, phraseAt, phrases, type Used, type WordTable } from "./token-phrases.js";

/**
 * Category names as staff write them. Sister, twin and friendship cities are the names used before
 * 2024; the 2024 framework made all of those agreements Partnership Cities, so they mean PARTNERSHIP_CITY.
 */
const CATEGORY_NAMES: readonly (readonly [AgreementCategory, readonly Phrase[]])[] = [
  [
    "PARTNERSHIP_CITY",
    phrases(
      "partnership city",
      "partnership cities",
      "partnership",
      "partnerships",
      "partner city",
      "partner cities",
      "sister city",
      "sister cities",
      "sister",
      "twin city",
      "twin cities",
      "twinned cities",
      "twinning",
      "friendship city",
      "friendship cities",
      "friendship",
    ),
  ],
  [
    "INTERNATIONAL_PROJECT",
    phrases("international project", "international projects", "international", "project", "projects"),
  ],
  ["HISTORICAL", phrases("historical", "historic", "former", "past", "legacy")],
  [
    "OUTSIDE_IAP",
    phrases(
      "outside the iap",
      "outside iap",
      "outside of the iap",
      "outside the program",
      "outside the programme",
      "outside the framework",
      "non-iap",
      "non iap",
      "not in the iap",
      "not part of the iap",
      "outside",
    ),
  ],
];

export interface CategoryMatch {
  readonly category: AgreementCategory;
  readonly index: number;
  readonly length: number;
}

/** Every category named, longest phrase first at each word ("international project" before "project"). */
export function findCategories(tokens: readonly Token[], used?: Used): CategoryMatch[] {
  const matches: CategoryMatch[] = [];
  for (let index = 0; index < tokens.length; index++) {
    let best: CategoryMatch | null = null;
    for (const [category, names] of CATEGORY_NAMES) {
      for (const name of names) {
        if ((!best || name.length > best.length) && phraseAt(tokens, index, name, used)) {
          best = { category, index, length: name.length };
        }
      }
    }
    // "International Alliance Program" is the programme, not a category.
    if (
      best &&
      !(best.length === 1 && tokens[index]!.word === "international" && tokens[index + 1]?.word === "alliance")
    ) {
      matches.push(best);
      index += best.length - 1;
    }
  }
  return matches;
}

/** The one category a question names, or null when it names none or several. */
export function singleCategory(tokens: readonly Token[]): AgreementCategory | null {
  const named = new Set(findCategories(tokens).map((match) => match.category));
  return named.size === 1 ? [...named][0]! : null;
}

/** Words that only carry the question around a filter: "which", "are", "there", "please". */
export const FILLER = new Set([
  ..."a an the all any anything every each list lists listing show display give get find see view print pull".split(
    " ",
  ),
  ..."me us i we our ours my you your which what whats where are is was were be been do does did have has had".split(
    " ",
  ),
  ..."there theres that those these them they ones one of for with in on at to from and or please pls".split(" "),
  ..."currently current now still yet ever recorded registered existing active official know got hold maintain keep".split(
    " ",
  ),
  ..."right so far just only can could would will let like here iap toronto torontos term terms date dates".split(" "),
  ..."at moment today this up by region regions country countries grouped sorted order".split(" "),
]);

/** Words that ask for agreements in general. */
const AGREEMENT_NOUNS = new Set(
  "agreements agreement deals deal relationships relationship arrangements alliances partners ties entries records cities ones everything all registry".split(
    " ",
  ),
);

/** Words that make a question a request for a list ("which …", "show …"), with a place or a division. */
const LIST_ASKING = new Set("list lists show display give find which what whats where any anything get see".split(" "));

/** Division codes from the 2024 report, recognised without "led by". */
const DIVISION_CODES = new Set(["cco-sper", "ccosper", "cmo-iar", "cmoiar", "edc"]);

const LEAD_MARKERS = phrases(
  "led by",
  "lead by",
  "lead division",
  "lead divisions",
  "leading division",
  "owned by",
  "managed by",
  "run by",
  "handled by",
  "headed by",
  "division",
  "lead",
);

/** Where a division's name, typed after "led by", ends. */
const LEAD_STOPS = new Set(
  "in that which who where with without having has have had expiring ending expire expires end ends since before after for no not are is".split(
    " ",
  ),
);

export interface FilterReading {
  readonly filter: AgreementFilter;
  /** A category, "agreements", "everything": the words ask for agreements. */
  readonly namesAgreements: boolean;
  /** "which", "list", "what": the words ask for a list, so a place or a division alone is one. */
  readonly asksForList: boolean;
  /** Indexes of words neither understood nor filler. */
  readonly leftovers: readonly number[];
  /** Unrecognised words after "in"/"with" ("agreements in Seoul"): a name to look up, as [first, last]. */
  readonly nameAfterPreposition: readonly [number, number] | null;
}

/** Reads category, place and lead division from the tokens not already `used` (which it does not change). */
export function readAgreementFilter(tokens: readonly Token[], alreadyUsed: Used): FilterReading {
  const used = [...alreadyUsed];
  let category: AgreementCategory | undefined;
  for (const match of findCategories(tokens, used)) {
    if (namesOneAgreement(tokens, match.index + match.length - 1)) continue;
    category ??= match.category;
    markUsed(used, match.index, match.length);
  }
  const leadDivision = readLeadDivision(tokens, used);
  const place = findPlace(tokens, used);
  if (place) markUsed(used, place.index, place.length);

  let namesAgreements = category !== undefined;
  let asksForList = false;
  const leftovers: number[] = [];
  tokens.forEach((token, index) => {
    if (used[index]) return;
    if (AGREEMENT_NOUNS.has(token.word) && !namesOneAgreement(tokens, index)) namesAgreements = true;
    else if (!FILLER.has(token.word)) leftovers.push(index);
    if (LIST_ASKING.has(token.word)) asksForList = true;
  });

  const filter: AgreementFilter = {
    ...(category ? { category } : {}),
    ...(place?.place.kind === "country" ? { country: place.place.name } : {}),
    ...(place?.place.kind === "region" ? { region: place.place.name } : {}),
    ...(leadDivision ? { leadDivision } : {}),
  };
  return { filter, namesAgreements, asksForList, leftovers, nameAfterPreposition: nameAfter(tokens, used, leftovers) };
}

/** "Our partnership with Portugal", "the agreement with Milan": one agreement, named next, not a kind of them. */
function namesOneAgreement(tokens: readonly Token[], last: number): boolean {
  return tokens[last + 1]?.word === "with" && !tokens[last]!.word.endsWith("s");
}

export const hasFilter = (filter: AgreementFilter): boolean =>
  Boolean(filter.category || filter.country || filter.region || filter.leadDivision);

function readLeadDivision(tokens: readonly Token[], used: Used): string | undefined {
  for (let index = 0; index < tokens.length; index++) {
    if (used[index]) continue;
    const token = tokens[index]!;
    if (DIVISION_CODES.has(token.key)) {
      used[index] = true;
      return token.raw;
    }
    // "EDC-led agreements"
    if (token.key.endsWith("-led") && token.key.length > 4) {
      used[index] = true;
      return token.raw.slice(0, -4);
    }
    const marker = LEAD_MARKERS.find((phrase) => phraseAt(tokens, index, phrase, used));
    if (!marker) continue;
    let first = index + marker.length;
    while (["is", "the", "of", "as"].includes(tokens[first]?.word ?? "") && !used[first]) first++;
    let last = first - 1;
    while (last + 1 < tokens.length && !used[last + 1] && !LEAD_STOPS.has(tokens[last + 1]!.word)) last++;
    if (last < first) continue;
    markUsed(used, index, last - index + 1);
    return tokens
      .slice(first, last + 1)
      .map((part) => part.raw)
      .join(" ");
  }
  return undefined;
}

/** The words after "in", "with" or "from" when they are all that was not understood. */
function nameAfter(
  tokens: readonly Token[],
  used: Used,
  leftovers: readonly number[],
): readonly [number, number] | null {
  const first = leftovers[0];
  const last = leftovers[leftovers.length - 1];
  if (first === undefined || last === undefined) return null;
  let before = first - 1;
  while (before >= 0 && !used[before] && tokens[before]!.word === "the") before--;
  if (!["in", "with", "from", "about"].includes(tokens[before]?.word ?? "")) return null;
  for (let index = first; index <= last; index++) if (used[index]) return null;
  return [first, last];
}

/** Words of this module's phrases, for the spelling corrector. */
export const FILTER_VOCABULARY: readonly WordTable[] = [
  ...CATEGORY_NAMES.map(([, names]) => names),
  LEAD_MARKERS,
  FILLER,
  AGREEMENT_NOUNS,
];
