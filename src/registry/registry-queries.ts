import { distance } from "fastest-levenshtein";
import type { AgreementFilter } from "../conversation/intent.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { agreementWithChildren, fromIsoDate } from "./agreement-row.js";
import { countriesInRegion } from "./country-regions.js";
import { normalizeName } from "./normalize-name.js";
import type { AgreementCategory, IsoDate } from "./registry-document.js";

/** Read side of the registry: what the conversation asks of the database. */

export interface AgreementSummary {
  readonly id: number;
  readonly slug: string;
  readonly counterpartyName: string;
  readonly city: string | null;
  readonly country: string;
  readonly category: AgreementCategory;
  readonly establishedYear: number | null;
  readonly termEnd: Date | null;
}

const summarySelect = {
  id: true,
  slug: true,
  counterpartyName: true,
  city: true,
  country: true,
  category: true,
  establishedYear: true,
  termEnd: true,
} as const satisfies Prisma.AgreementSelect;

export type NameResolution =
  | { readonly kind: "match"; readonly agreementId: number; readonly fuzzy: boolean }
  | { readonly kind: "ambiguous"; readonly candidates: readonly AgreementSummary[] }
  | { readonly kind: "none" };

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface ListOptions {
  /** Largest number of items returned; `total` still counts them all. */
  readonly limit: number;
  /** How many to skip, for the next page. */
  readonly offset?: number;
}

/**
 * Finds the agreement a typed name means: exact name or alias first (accents, case and
 * punctuation folded), then the nearest names by trigram similarity, re-ranked by edit distance.
 */
export async function resolveAgreementName(prisma: PrismaClient, name: string): Promise<NameResolution> {
  const normalized = normalizeName(name);
  if (!normalized) return { kind: "none" };
  const exact = await prisma.agreementAlias.findMany({
    where: { normalized },
    select: { agreementId: true },
    distinct: ["agreementId"],
  });
  if (exact.length === 1) return { kind: "match", agreementId: exact[0]!.agreementId, fuzzy: false };
  if (exact.length > 1)
    return {
      kind: "ambiguous",
      candidates: await summaries(
        prisma,
        exact.map((row) => row.agreementId),
      ),
    };

  // `%` uses the trigram index; its threshold is pg_trgm.similarity_threshold (0.3 by default).
  const near = await prisma.$queryRaw<{ agreementId: number; normalized: string; score: number }[]>`
    SELECT "agreementId", normalized, similarity(normalized, ${normalized})::float8 AS score
    FROM "AgreementAlias"
    WHERE normalized % ${normalized}
    ORDER BY score DESC
    LIMIT 20`;
  const ranked = rankCandidates(normalized, near);
  if (ranked.length === 0) return { kind: "none" };
  const [best, second] = ranked;
  if (!second || best!.closeness - second.closeness >= 0.15) {
    return { kind: "match", agreementId: best!.agreementId, fuzzy: true };
  }
  const ids = ranked.filter((candidate) => best!.closeness - candidate.closeness < 0.15).map((c) => c.agreementId);
  return { kind: "ambiguous", candidates: await summaries(prisma, ids.slice(0, 8)) };
}

interface Candidate {
  readonly agreementId: number;
  /** 0..1, higher is closer: the better of trigram similarity and edit-distance similarity. */
  readonly closeness: number;
}

function rankCandidates(
  typed: string,
  rows: readonly { agreementId: number; normalized: string; score: number }[],
): Candidate[] {
  const best = new Map<number, number>();
  for (const row of rows) {
    const edit = 1 - distance(typed, row.normalized) / Math.max(typed.length, row.normalized.length);
    const closeness = Math.max(Number(row.score), edit);
    if (closeness >= 0.45) best.set(row.agreementId, Math.max(best.get(row.agreementId) ?? 0, closeness));
  }
  return [...best.entries()]
    .map(([agreementId, closeness]) => ({ agreementId, closeness }))
    .sort((a, b) => b.closeness - a.closeness);
}

async function summaries(prisma: PrismaClient, ids: readonly number[]): Promise<AgreementSummary[]> {
  return prisma.agreement.findMany({
    where: { id: { in: [...ids] } },
    select: summarySelect,
    orderBy: { counterpartyName: "asc" },
  });
}

/**
 * What an answer about one agreement shows of it: not its aliases or milestones, which no answer
 * prints, so they are not read (each relation is a query of its own, on every status question).
 */
const agreementForAnswer = {
  projects: agreementWithChildren.projects,
  activities: agreementWithChildren.activities,
  leadDivision: agreementWithChildren.leadDivision,
  reminders: agreementWithChildren.reminders,
} as const satisfies Prisma.AgreementInclude;

export type AgreementForAnswer = Prisma.AgreementGetPayload<{ include: typeof agreementForAnswer }>;

export async function getAgreement(prisma: PrismaClient, id: number): Promise<AgreementForAnswer | null> {
  return prisma.agreement.findUnique({ where: { id }, include: agreementForAnswer });
}

/** Prisma conditions for a filter. An unknown region matches nothing rather than everything. */
export function agreementWhere(filter: AgreementFilter): Prisma.AgreementWhereInput {
  const conditions: Prisma.AgreementWhereInput[] = [];
  if (filter.category) conditions.push({ category: filter.category });
  if (filter.country) conditions.push({ country: { equals: filter.country, mode: "insensitive" } });
  if (filter.region) conditions.push({ country: { in: countriesInRegion(filter.region) } });
  if (filter.leadDivision) {
    const division = filter.leadDivision;
    conditions.push({
      leadDivision: {
        OR: [
          { code: { equals: division, mode: "insensitive" } },
          { name: { contains: division, mode: "insensitive" } },
        ],
      },
    });
  }
  return { AND: conditions };
}

export async function listAgreements(
  prisma: PrismaClient,
  where: Prisma.AgreementWhereInput,
  options: ListOptions & { readonly orderBy?: Prisma.AgreementOrderByWithRelationInput[] },
): Promise<Page<AgreementSummary>> {
  const [items, total] = await Promise.all([
    prisma.agreement.findMany({
      where,
      select: summarySelect,
      orderBy: options.orderBy ?? [{ category: "asc" }, { counterpartyName: "asc" }],
      take: options.limit,
      skip: options.offset ?? 0,
    }),
    prisma.agreement.count({ where }),
  ]);
  return { items, total };
}

export async function countAgreementsByCategory(
  prisma: PrismaClient,
  where: Prisma.AgreementWhereInput,
): Promise<Map<AgreementCategory, number>> {
  const groups = await prisma.agreement.groupBy({ by: ["category"], where, _count: { _all: true } });
  return new Map(groups.map((group) => [group.category, group._count._all]));
}

export function termEndsWithin(from: IsoDate | null, to: IsoDate | null): Prisma.AgreementWhereInput {
  return {
    termEnd: {
      not: null,
      ...(from ? { gte: fromIsoDate(from)! } : {}),
      ...(to ? { lte: fromIsoDate(to)! } : {}),
    },
  };
}

/** No project running on `today`: none, or all finished (a project with no end date counts as running). */
export function withoutActiveProject(today: IsoDate): Prisma.AgreementWhereInput {
  const day = fromIsoDate(today)!;
  return {
    projects: {
      none: {
        AND: [
          { OR: [{ endDate: null }, { endDate: { gte: day } }] },
          { OR: [{ startDate: null }, { startDate: { lte: day } }] },
        ],
      },
    },
  };
}

/** No recorded activity in `year` or later (a span counts until its end year). */
export function withoutActivitySince(year: number): Prisma.AgreementWhereInput {
  return {
    activities: { none: { OR: [{ year: { gte: year } }, { endYear: { gte: year } }] } },
  };
}

export async function latestActivityYears(prisma: PrismaClient, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await prisma.activity.groupBy({
    by: ["agreementId"],
    where: { agreementId: { in: [...ids] } },
    _max: { year: true, endYear: true },
  });
  return new Map(rows.map((row) => [row.agreementId, Math.max(row._max.year ?? 0, row._max.endYear ?? 0)] as const));
}
