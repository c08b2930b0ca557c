import type { Actor } from "../audit/audit-log.js";
import { identityKey, PLATFORM_LABELS } from "../people/name-people.js";
import { CATEGORY_LABELS, COUNTERPARTY_KIND_LABELS } from "../registry/registry-csv.js";
import type { AgreementCategory, CounterpartyKind, IsoDate } from "../registry/registry-document.js";
import { calendarDateIn } from "../shared/calendar-date.js";

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

/**
 * Stored text (a request title, a person's name) cut to fit a line: whitespace collapsed, at most
 * `max` characters. For showing only; what is stored is never changed.
 */
export function clipText(text: string, max = 80): string {
  const flat = text
    .slice(0, max * 4)
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** "23 November 2026, 10:00": an instant on the wall clock of `timeZone`. */
export function formatDateTime(at: Date, timeZone: string): string {
  let formatter = timeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    timeFormatters.set(timeZone, formatter);
  }
  return `${formatDate(calendarDateIn(at, timeZone))}, ${formatter.format(at)}`;
}

/** "Avery Chen (Slack)" for someone the registry knows (`names` from nameChatIdentities), else "Slack user U0123". */
export function describeActor(actor: Actor, names: ReadonlyMap<string, string>): string {
  const platform = PLATFORM_LABELS[actor.platform];
  const name = names.get(identityKey(actor));
  if (name) return `${clipText(name, 60)} (${platform})`;
  const id = clipText(actor.externalId, 40);
  return actor.platform === "CONSOLE" ? `${id} (console)` : `${platform} user ${id}`;
}
