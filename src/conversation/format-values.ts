import { CATEGORY_LABELS, COUNTERPARTY_KIND_LABELS } from "../registry/registry-csv.js";
import type { AgreementCategory, CounterpartyKind, IsoDate } from "../registry/registry-document.js";

export const categoryLabel = (category: AgreementCategory): string => CATEGORY_LABELS[category];
export const counterpartyKindLabel = (kind: CounterpartyKind): string => COUNTERPARTY_KIND_LABELS[kind];

const PLURAL_CATEGORY: Record<AgreementCategory, string> = {
  PARTNERSHIP_CITY: "Partnership City agreements",
  INTERNATIONAL_PROJECT: "International Project agreements",
  HISTORICAL: "Historical agreements",
  OUTSIDE_IAP: "agreements outside the IAP",
};
export const pluralCategoryLabel = (category: AgreementCategory): string => PLURAL_CATEGORY[category];

const dateFormat = new Intl.DateTimeFormat("en-CA", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "31 March 2027" for a calendar date (stored at UTC midnight). */
export function formatDate(value: Date | IsoDate): string {
  const date = typeof value === "string" ? new Date(`${value}T00:00:00Z`) : value;
  const parts = Object.fromEntries(dateFormat.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** Echoes what someone typed without letting a 100 KB paste flood the reply. */
export function quoteTyped(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
