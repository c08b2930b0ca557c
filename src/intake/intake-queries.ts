import type { Actor } from "../audit/audit-log.js";
import type { IntakeState, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { TERMINAL_STATES } from "./intake-workflow.js";

/** Questions the intake answers from the database: one request, someone's requests, the pipeline. */

/** Request numbers are int4 in the database; a larger one cannot exist (and must not reach a query). */
const MAX_REQUEST_NUMBER = 2_147_483_647;

export const isPossibleRequestNumber = (number: number): boolean =>
  Number.isSafeInteger(number) && number >= 1 && number <= MAX_REQUEST_NUMBER;

/** A request as a line in a list. */
const LINE_SELECT = {
  id: true,
  kind: true,
  state: true,
  title: true,
  submittedAt: true,
  requesterPlatform: true,
  requesterExternalId: true,
  requesterPersonId: true,
  assignee: { select: { displayName: true } },
} as const satisfies Prisma.IntakeRequestSelect;

export type RequestLine = Prisma.IntakeRequestGetPayload<{ select: typeof LINE_SELECT }>;

export interface RequestPage {
  readonly items: readonly RequestLine[];
  readonly total: number;
}

export interface PageWindow {
  readonly offset: number;
  readonly limit: number;
}

const DETAIL_INCLUDE = {
  agreement: { select: { id: true, counterpartyName: true, category: true } },
  assignee: { select: { displayName: true } },
  steps: { orderBy: { id: "desc" }, take: 1 },
} as const satisfies Prisma.IntakeRequestInclude;

/** A request with its latest step, its assignee and the agreement its approval created. */
export type RequestDetail = Prisma.IntakeRequestGetPayload<{ include: typeof DETAIL_INCLUDE }>;

/** Request `number` with what its status shows; null when there is none. */
export async function getRequestDetail(prisma: PrismaClient, number: number): Promise<RequestDetail | null> {
  if (!isPossibleRequestNumber(number)) return null;
  return prisma.intakeRequest.findUnique({ where: { id: number }, include: DETAIL_INCLUDE });
}

/** Whether request `number` exists (without reading it). */
export async function requestExists(prisma: PrismaClient, number: number): Promise<boolean> {
  if (!isPossibleRequestNumber(number)) return false;
  return (await prisma.intakeRequest.count({ where: { id: number } })) > 0;
}

/**
 * The requests someone submitted, newest first: from this chat identity, or as the same registered
 * person from another platform.
 */
export async function listRequestsOf(
  prisma: PrismaClient,
  who: { readonly actor: Actor; readonly personId: number | null },
  page: PageWindow,
): Promise<RequestPage & { readonly open: number }> {
  const where: Prisma.IntakeRequestWhereInput = {
    OR: [
      { requesterPlatform: who.actor.platform, requesterExternalId: who.actor.externalId },
      ...(who.personId === null ? [] : [{ requesterPersonId: who.personId }]),
    ],
  };
  const [items, total, open] = await Promise.all([
    prisma.intakeRequest.findMany({
      where,
      select: LINE_SELECT,
      orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
      skip: page.offset,
      take: page.limit,
    }),
    prisma.intakeRequest.count({ where }),
    prisma.intakeRequest.count({ where: { AND: [where, openWhere()] } }),
  ]);
  return { items, total, open };
}

export interface OpenRequestFilter {
  /** One open state; null for every open state. */
  readonly state: IntakeState | null;
  /** Only requests submitted before this instant. */
  readonly submittedBefore?: Date;
}

const openWhere = (): Prisma.IntakeRequestWhereInput => ({ state: { notIn: [...TERMINAL_STATES] } });

function openFilterWhere(filter: OpenRequestFilter): Prisma.IntakeRequestWhereInput {
  return {
    AND: [
      openWhere(),
      filter.state ? { state: filter.state } : {},
      filter.submittedBefore ? { submittedAt: { lt: filter.submittedBefore } } : {},
    ],
  };
}

/** Open requests, oldest first: the ones waiting longest lead. */
export async function listOpenRequests(
  prisma: PrismaClient,
  filter: OpenRequestFilter,
  page: PageWindow,
): Promise<RequestPage> {
  const where = openFilterWhere(filter);
  const [items, total] = await Promise.all([
    prisma.intakeRequest.findMany({
      where,
      select: LINE_SELECT,
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      skip: page.offset,
      take: page.limit,
    }),
    prisma.intakeRequest.count({ where }),
  ]);
  return { items, total };
}

/** How many open requests stand at each state. */
export async function countOpenRequestsByState(
  prisma: PrismaClient,
  filter: Omit<OpenRequestFilter, "state"> = {},
): Promise<Map<IntakeState, number>> {
  const groups = await prisma.intakeRequest.groupBy({
    by: ["state"],
    where: openFilterWhere({ ...filter, state: null }),
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.state, group._count._all]));
}
