import type { Country } from "world-countries";
import { worldCountries } from "../registry/world-countries.js";
import { foldKey, type Token } from "./normalize-text.js";
import type { Used } from "./token-phrases.js";

/** A country (world-countries `name.common`) or a region named in a question. */
export interface Place {
  readonly kind: "country" | "region";
  readonly name: string;
}

export interface PlaceMatch {
  readonly place: Place;
  readonly index: number;
  readonly length: number;
}

/** Names people type that the data set does not list (or lists only as two-letter codes). */
const COUNTRY_VARIANTS: Record<string, string> = {
  usa: "United States",
  america: "United States",
  "united states of america": "United States",
  "the states": "United States",
  uk: "United Kingdom",
  britain: "United Kingdom",
  england: "United Kingdom",
  scotland: "United Kingdom",
  wales: "United Kingdom",
  "northern ireland": "United Kingdom",
  uae: "United Arab Emirates",
  turkey: "Türkiye",
  prc: "China",
  "mainland china": "China",
  korea: "South Korea",
  holland: "Netherlands",
  drc: "DR Congo",
};

/**
 * Region names go into AgreementFilter.region as the world-countries `region`/`subregion` value.
 * "Latin America" and "Middle East" are not in that data; they are passed on as such because the
 * registry's countriesInRegion defines them: Latin America = South America, Central America and the
 * Caribbean plus Mexico; Middle East = Western Asia plus Egypt and Iran.
 */
const REGION_VARIANTS: Record<string, string> = {
  "the americas": "Americas",
  "latin america": "Latin America",
  "latin american": "Latin America",
  latam: "Latin America",
  "middle east": "Middle East",
  "middle eastern": "Middle East",
  "mid east": "Middle East",
  mideast: "Middle East",
  european: "Europe",
  asian: "Asia",
  african: "Africa",
  "south american": "South America",
  "north american": "North America",
  "central american": "Central America",
  "east asia": "Eastern Asia",
  "east asian": "Eastern Asia",
  "southeast asia": "South-Eastern Asia",
  "south east asia": "South-Eastern Asia",
  "southeast asian": "South-Eastern Asia",
  "south asia": "Southern Asia",
  "west asia": "Western Asia",
  "eastern europe": "Eastern Europe",
  "east europe": "Eastern Europe",
  "west europe": "Western Europe",
  "north europe": "Northern Europe",
  "south europe": "Southern Europe",
  "southeast europe": "Southeast Europe",
  "south east europe": "Southeast Europe",
  "southeastern europe": "Southeast Europe",
  balkans: "Southeast Europe",
  "north africa": "Northern Africa",
  "west africa": "Western Africa",
  "east africa": "Eastern Africa",
  "central africa": "Middle Africa",
  scandinavia: "Northern Europe",
  "the caribbean": "Caribbean",
  australasia: "Australia and New Zealand",
  pacific: "Oceania",
};

/** Alternative spellings in the data that are ordinary words here ("Island" is Iceland's own name). */
const NOT_PLACES = new Set(["island"]);

/** The same comparison form tokens get, word by word: "Côte d'Ivoire" → "cote divoire". */
const phraseKey = (name: string): string =>
  name
    .split(/\s+/)
    .map((word) => foldKey(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean)
    .join(" ");

function buildIndex(countries: readonly Country[]): Map<string, Place> {
  const index = new Map<string, Place>();
  const add = (name: string, place: Place) => {
    const key = phraseKey(name);
    // Two letters are codes that collide with words ("IN", "IT", "NO", "US"); the variants above cover the useful ones.
    if (key.length > 3 && !index.has(key) && !NOT_PLACES.has(key)) index.set(key, place);
  };
  for (const country of countries) {
    const place: Place = { kind: "country", name: country.name.common };
    add(country.name.common, place);
    add(country.name.official, place);
    for (const spelling of country.altSpellings) add(spelling, place);
  }
  for (const [variant, name] of Object.entries(COUNTRY_VARIANTS))
    index.set(phraseKey(variant), { kind: "country", name });
  addDemonyms(countries, index);
  for (const country of countries) {
    for (const name of [country.region, country.subregion]) {
      if (name && !index.has(phraseKey(name))) index.set(phraseKey(name), { kind: "region", name });
    }
  }
  for (const [variant, name] of Object.entries(REGION_VARIANTS))
    index.set(phraseKey(variant), { kind: "region", name });
  return index;
}

/** "Chinese", "Italian": kept when one independent country claims the word ("Indian" is India). */
function addDemonyms(countries: readonly Country[], index: Map<string, Place>): void {
  const claims = new Map<string, Country[]>();
  for (const country of countries) {
    for (const demonym of new Set(Object.values(country.demonyms?.eng ?? {}))) {
      const key = phraseKey(demonym);
      claims.set(key, [...(claims.get(key) ?? []), country]);
    }
  }
  for (const [key, claimants] of claims) {
    const independent = claimants.length === 1 ? claimants : claimants.filter((country) => country.independent);
    if (independent.length === 1 && !index.has(key)) {
      index.set(key, { kind: "country", name: independent[0]!.name.common });
    }
  }
}

const PLACES = buildIndex(worldCountries);
const LONGEST_PLACE = Math.max(...[...PLACES.keys()].map((key) => key.split(" ").length));

/**
 * The longest country or region name starting at `index`. "Mexico City" and "Panama City" are cities,
 * not countries, so a country followed by "city" is no match (unless "city" is part of it: "Vatican City").
 */
export function placeAt(tokens: readonly Token[], index: number, used?: Used): PlaceMatch | null {
  const keys: string[] = [];
  let best: PlaceMatch | null = null;
  for (let length = 1; length <= LONGEST_PLACE && index + length <= tokens.length; length++) {
    const token = tokens[index + length - 1]!;
    if (used?.[index + length - 1]) break;
    keys.push(token.key);
    const place = PLACES.get(keys.join(" ")) ?? shortCountryCode(tokens, index, length);
    if (place) best = { place, index, length };
  }
  if (!best) return null;
  const next = tokens[index + best.length];
  const previous = tokens[index - 1];
  if (best.place.kind === "country" && (next?.key === "city" || previous?.key === "new")) return null;
  return best;
}

/** "US" and "U.S." mean the United States; the pronoun "us" does not. */
function shortCountryCode(tokens: readonly Token[], index: number, length: number): Place | null {
  const token = tokens[index];
  if (length !== 1 || !token) return null;
  if (token.raw === "US" || token.raw === "U.S") return { kind: "country", name: "United States" };
  if (token.raw === "U.K" || token.raw === "UK") return { kind: "country", name: "United Kingdom" };
  return null;
}

/** The first place named among the unused tokens. */
export function findPlace(tokens: readonly Token[], used?: Used): PlaceMatch | null {
  for (let index = 0; index < tokens.length; index++) {
    if (used?.[index]) continue;
    const match = placeAt(tokens, index, used);
    if (match) return match;
  }
  return null;
}
