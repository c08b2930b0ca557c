import type { AgreementCategory, PrismaClient } from "../generated/prisma/client.js";
import { countAgreementsByCategory, listAgreements, termEndsWithin } from "../registry/registry-queries.js";
import { calendarDateIn } from "../shared/calendar-date.js";
import type { Clock } from "../shared/clock.js";
import { categoryLabel, formatDate, plural } from "./format-values.js";
import type { Reply } from "./reply.js";

const CATEGORY_ORDER: readonly AgreementCategory[] = [
  "PARTNERSHIP_CITY",
  "INTERNATIONAL_PROJECT",
  "HISTORICAL",
  "OUTSIDE_IAP",
];

/**
 * The short overview a home screen shows (Slack's App Home): counts by category and the next
 * recorded term ends, saying plainly how many active agreements have no term end to check.
 */
export async function overviewReply(prisma: PrismaClient, clock: Clock, timeZone: string): Promise<Reply> {
  const today = calendarDateIn(clock(), timeZone);
  const [counts, next, noTermEnd] = await Promise.all([
    countAgreementsByCategory(prisma, {}),
    listAgreements(prisma, termEndsWithin(today, null), {
      limit: 5,
      orderBy: [{ termEnd: "asc" }, { counterpartyName: "asc" }],
    }),
    prisma.agreement.count({
      where: { category: { in: ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] }, termEnd: null },
    }),
  ]);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const unknown =
    noTermEnd > 0
      ? `${plural(noTermEnd, "active agreement")} ${noTermEnd === 1 ? "has" : "have"} no term end recorded.`
      : "";
  return {
    kind: "answer",
    title: "IAP agreements at a glance",
    text: [
      `${plural(total, "agreement")} in the registry.`,
      next.total === 0 ? "No upcoming term end is recorded." : "",
      unknown,
    ]
      .filter(Boolean)
      .join(" "),
    facts: CATEGORY_ORDER.map((category) => ({
      label: categoryLabel(category),
      value: String(counts.get(category) ?? 0),
      known: true,
    })),
    lists:
      next.total === 0
        ? []
        : [
            {
              title: "Next term ends",
              items: next.items.map((agreement) => ({
                text: agreement.counterpartyName,
                detail: agreement.termEnd ? `ends ${formatDate(agreement.termEnd)}` : undefined,
              })),
              total: next.total,
            },
          ],
    suggestions: [
      { label: "Expiring in 6 months", query: "what expires in the next 6 months" },
      { label: "No term end", query: "which agreements have no term end recorded" },
      { label: "Help", query: "help" },
    ],
  };
}
