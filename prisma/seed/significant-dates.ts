import type { SourceRef } from "../../src/registry/registry-document.js";
import type { SignificantDate } from "../../src/reminders/significant-dates.js";

/**
 * Dates of significance for flag raisings: the main national day of every country with a
 * Partnership City or International Project agreement in the registry seed (United States, China,
 * Germany, Vietnam, Ukraine, Italy, Ecuador, Brazil, Japan, Poland, Portugal), one per country.
 * Seeded into an empty table on first start; after that people keep it with `iap dates …`.
 *
 * Source: the "National holiday" field of each country's profile in the CIA World Factbook, which
 * the Factbook defines as "the primary national day of celebration - usually independence day".
 * factbook/factbook.json reports that the CIA took the Factbook offline in February 2026, so every
 * row cites that repository's public-domain copy of the last weekly edition (22 January 2026),
 * pinned to its commit, with the field's text as the quote. The field's value was the same in the December 2025
 * edition and in 2023.
 *
 * Notes:
 * - Every partner country's national day falls on a fixed date, so none was left out. A country
 *   whose national day follows a lunar calendar could not be held here (one month and day a year)
 *   and would be left out, saying so in this note.
 * - Japan: the Factbook's national holiday is the reigning Emperor's birthday; it moves when the
 *   reign changes (it was 23 December until 2019).
 * - Poland: the Factbook gives Constitution Day, 3 May; National Independence Day, 11 November, is
 *   another national holiday, not seeded.
 * - Ukraine: the Factbook notes that 22 January is celebrated as Unity Day; only Independence Day is seeded.
 * - The City of Toronto's own flag-raising lists (toronto.ca, Flag Raisings and Half-Masting) show
 *   flags raised for the same days for Italy, Portugal and Poland (2023), and Vietnam, Brazil,
 *   Ecuador and Ukraine (2021).
 */

const FACTBOOK_COMMIT = "783ed27f7a1116663c10e7b39d162d0c4500505d";
const NATIONAL_HOLIDAY = "Government, National holiday";

/** The Factbook profile of one country, as kept in factbook/factbook.json (GEC code file). */
const factbook = (country: string, file: string, quote: string): SourceRef => ({
  document: `CIA World Factbook, ${country} (edition of 22 January 2026, https://github.com/factbook/factbook.json/blob/${FACTBOOK_COMMIT}/${file})`,
  locator: NATIONAL_HOLIDAY,
  quote,
});

export const significantDatesSeed: readonly SignificantDate[] = [
  {
    country: "United States",
    name: "Independence Day",
    month: 7,
    day: 4,
    source: factbook("United States", "north-america/us.json", "Independence Day, 4 July (1776)"),
  },
  {
    country: "China",
    name: "National Day",
    month: 10,
    day: 1,
    source: factbook(
      "China",
      "east-n-southeast-asia/ch.json",
      "National Day (anniversary of the founding of the People's Republic of China), 1 October (1949)",
    ),
  },
  {
    country: "Germany",
    name: "German Unity Day",
    month: 10,
    day: 3,
    source: factbook("Germany", "europe/gm.json", "German Unity Day, 3 October (1990)"),
  },
  {
    country: "Vietnam",
    name: "Independence Day (National Day)",
    month: 9,
    day: 2,
    source: factbook("Vietnam", "east-n-southeast-asia/vm.json", "Independence Day (National Day), 2 September (1945)"),
  },
  {
    country: "Ukraine",
    name: "Independence Day",
    month: 8,
    day: 24,
    source: factbook("Ukraine", "europe/up.json", "Independence Day, 24 August (1991)"),
  },
  {
    country: "Italy",
    name: "Republic Day",
    month: 6,
    day: 2,
    source: factbook("Italy", "europe/it.json", "Republic Day, 2 June (1946)"),
  },
  {
    country: "Ecuador",
    name: "Independence Day",
    month: 8,
    day: 10,
    source: factbook("Ecuador", "south-america/ec.json", "Independence Day (independence of Quito), 10 August (1809)"),
  },
  {
    country: "Brazil",
    name: "Independence Day",
    month: 9,
    day: 7,
    source: factbook("Brazil", "south-america/br.json", "Independence Day, 7 September (1822)"),
  },
  {
    country: "Japan",
    name: "Emperor's Birthday",
    month: 2,
    day: 23,
    source: factbook("Japan", "east-n-southeast-asia/ja.json", "Birthday of Emperor NARUHITO, 23 February (1960)"),
  },
  {
    country: "Poland",
    name: "Constitution Day",
    month: 5,
    day: 3,
    source: factbook("Poland", "europe/pl.json", "Constitution Day, 3 May (1791)"),
  },
  {
    country: "Portugal",
    name: "Portugal Day",
    month: 6,
    day: 10,
    source: factbook("Portugal", "europe/po.json", "Portugal Day (Dia de Portugal), 10 June (1580)"),
  },
];
