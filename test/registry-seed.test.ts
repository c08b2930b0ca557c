import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { registrySeed } from "../prisma/seed/registry-seed.js";
import { normalizeName } from "../src/registry/normalize-name.js";
import {
  AGREEMENT_VALUE_FIELDS,
  type AgreementRecord,
  RegistryDocumentSchema,
  type SourceRef,
} from "../src/registry/registry-document.js";
import { worldCountries } from "../src/registry/world-countries.js";

/** The source documents: /work/shared/seeds, beside the project. */
const SEEDS = new URL("../../shared/seeds/", import.meta.url);

/** Runs of whitespace collapsed and Markdown dollar escapes ("\$50") dropped, as a reader sees the text. */
const readable = (text: string) => text.replaceAll("\\$", "$").replace(/\s+/g, " ").trim();

const documents = new Map<string, string>();
const documentText = (file: string): string => {
  let text = documents.get(file);
  if (text === undefined) {
    text = readable(readFileSync(fileURLToPath(new URL(file, SEEDS)), "utf8"));
    documents.set(file, text);
  }
  return text;
};

const registry = RegistryDocumentSchema.parse(registrySeed);
const agreements = registry.agreements;
const bySlug = (slug: string): AgreementRecord => {
  const agreement = agreements.find((candidate) => candidate.slug === slug);
  if (!agreement) throw new Error(`no agreement ${slug}`);
  return agreement;
};

/** Every source in the seed, with where it is used. */
const allSources = (): Array<{ where: string; source: SourceRef }> =>
  agreements.flatMap((agreement) => [
    ...Object.entries(agreement.sources).map(([field, source]) => ({
      where: `${agreement.slug}.sources.${field}`,
      source: source as SourceRef,
    })),
    ...[...agreement.activities, ...agreement.projects, ...agreement.milestones].flatMap((record, index) =>
      record.source ? [{ where: `${agreement.slug} record ${index}`, source: record.source }] : [],
    ),
  ]);

describe("registry seed", () => {
  it("is a valid registry document", () => {
    expect(RegistryDocumentSchema.safeParse(registrySeed).success).toBe(true);
  });

  it("holds the 10 / 2 / 16 agreements of Table 1 and the Austin alliance outside the IAP", () => {
    const count = (category: string) => agreements.filter((agreement) => agreement.category === category).length;
    expect(count("PARTNERSHIP_CITY")).toBe(10);
    expect(count("INTERNATIONAL_PROJECT")).toBe(2);
    expect(count("HISTORICAL")).toBe(16);
    expect(count("OUTSIDE_IAP")).toBe(1);
    expect(agreements).toHaveLength(29);
    expect(bySlug("austin").category).toBe("OUTSIDE_IAP");
  });

  it("names the divisions, EDC's sections under EDC", () => {
    const codes = registry.divisions.map((division) => division.code);
    expect(codes).toEqual(["CCO-SPER", "CMO-IAR", "EDC", "EDC-BGS", "EDC-FEI", "EDC-MS", "EDC-ACS"]);
    for (const division of registry.divisions) {
      if (division.parentCode !== null) expect(codes).toContain(division.parentCode);
    }
  });

  it("quotes every source verbatim from a document that exists", () => {
    const sources = allSources();
    expect(sources.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const { where, source } of sources) {
      if (!existsSync(fileURLToPath(new URL(source.document, SEEDS)))) {
        problems.push(`${where}: no document ${source.document}`);
        continue;
      }
      if (!source.quote || !source.locator) problems.push(`${where}: no quote or no locator`);
      const quote = readable(source.quote ?? "");
      if (quote.length > 200) problems.push(`${where}: quote of ${quote.length} characters`);
      if (!documentText(source.document).includes(quote))
        problems.push(`${where}: “${quote}” not in ${source.document}`);
    }
    expect(problems).toEqual([]);
  });

  it("gives every activity a source", () => {
    for (const agreement of agreements) {
      for (const activity of agreement.activities) {
        expect(activity.source, `${agreement.slug} ${activity.year}`).not.toBeNull();
      }
    }
  });

  it("invents no term, renewal option, lead division or contact", () => {
    for (const agreement of agreements) {
      expect(agreement.termStart, agreement.slug).toBeNull();
      expect(agreement.termEnd, agreement.slug).toBeNull();
      expect(agreement.renewalOption, agreement.slug).toBeNull();
      expect(agreement.leadDivision, agreement.slug).toBeNull();
      expect(agreement.contacts, agreement.slug).toBeNull();
      expect(agreement.establishedOn, agreement.slug).toBeNull();
    }
  });

  it("records an establishment year only where a document gives one", () => {
    for (const slug of ["milan", "ho-chi-minh-city", "quito", "matera", "lisbon"]) {
      expect(bySlug(slug).establishedYear, slug).toBeNull();
    }
    expect(bySlug("chongqing").establishedYear).toBe(1986);
    expect(bySlug("chongqing").sources.establishedYear?.document).toBe("002_b3627e290b94d2d0.txt");
    expect(bySlug("frankfurt").establishedYear).toBe(1989);
    expect(bySlug("rio-de-janeiro").establishedYear).toBe(2015);
    expect(bySlug("pancanada-chamber-of-commerce").establishedYear).toBe(2018);
    expect(bySlug("austin").establishedYear).toBe(2013);
  });

  it("sources every value it records", () => {
    const fields = AGREEMENT_VALUE_FIELDS.filter((field) => field !== "contacts");
    for (const agreement of agreements) {
      for (const field of fields) {
        if (agreement[field] !== null) {
          expect(agreement.sources[field], `${agreement.slug}.${field} has no source`).toBeDefined();
        }
      }
    }
  });

  it("has unique slugs, and aliases that point to one agreement (except the deliberate “Hong Kong”)", () => {
    const slugs = agreements.map((agreement) => agreement.slug);
    expect(new Set(slugs).size).toBe(slugs.length);

    const owners = new Map<string, Set<string>>();
    for (const agreement of agreements) {
      const names = [agreement.counterpartyName, ...agreement.aliases];
      const lowerCase = names.map((name) => name.toLowerCase());
      expect(new Set(lowerCase).size, `${agreement.slug} repeats a name in its aliases`).toBe(names.length);
      // Compared as the bot matches names: accents folded, punctuation as spaces.
      for (const name of names.map(normalizeName))
        owners.set(name, (owners.get(name) ?? new Set()).add(agreement.slug));
    }
    const shared = [...owners].filter(([, slugs]) => slugs.size > 1).map(([name]) => name);
    expect(shared).toEqual(["hong kong"]);
    expect([...(owners.get("hong kong") ?? [])].sort()).toEqual([
      "hong-kong-chamber-of-commerce",
      "hong-kong-trade-development-council",
    ]);
  });

  it("names every country as world-countries does", () => {
    const names = new Set(worldCountries.map((country) => country.name.common));
    for (const agreement of agreements) {
      expect(names.has(agreement.country), `${agreement.slug}: ${agreement.country}`).toBe(true);
    }
  });

  it("keeps the name variants staff type", () => {
    expect(bySlug("kyiv").aliases).toContain("Kiev");
    expect(bySlug("sagamihara").aliases).toContain("Sagami-hara");
    expect(bySlug("ho-chi-minh-city").aliases).toEqual(expect.arrayContaining(["HCMC", "Saigon"]));
    expect(bySlug("rio-de-janeiro").aliases).toContain("Rio");
    expect(bySlug("invest-sao-paulo").aliases).toEqual(expect.arrayContaining(["Sao Paulo", "São Paulo"]));
    expect(bySlug("thrace-regional-development-agency").aliases).toEqual(expect.arrayContaining(["Trakya", "Thrace"]));
  });

  it("records no projects or milestones, since the sources name none", () => {
    for (const agreement of agreements) {
      expect(agreement.projects, agreement.slug).toEqual([]);
      expect(agreement.milestones, agreement.slug).toEqual([]);
    }
  });
});
