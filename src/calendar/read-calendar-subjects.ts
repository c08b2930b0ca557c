import type { PrismaClient } from "../generated/prisma/client.js";
import { fromIsoDate, toIsoDate } from "../registry/agreement-row.js";
import type { IsoDate } from "../registry/registry-document.js";
import { type CalendarSubjects, FEED_CATEGORIES, type FeedWindow } from "./calendar-events.js";

type Reader = Pick<PrismaClient, "agreement" | "project" | "milestone">;

/**
 * What the feed shows for `window`, from the agreements in force: term ends, known establishment
 * dates, project ends and open milestones. Only the columns the feed prints are read.
 */
export async function readCalendarSubjects(prisma: Reader, window: FeedWindow): Promise<CalendarSubjects> {
  const within = { gte: fromIsoDate(window.from) as Date, lte: fromIsoDate(window.to) as Date };
  const inForce = { category: { in: [...FEED_CATEGORIES] } };
  const agreementRef = { select: { slug: true, counterpartyName: true } } as const;
  const [termEnds, established, projects, milestones] = await Promise.all([
    prisma.agreement.findMany({
      where: { ...inForce, termEnd: within },
      select: { slug: true, counterpartyName: true, category: true, termEnd: true },
      orderBy: { id: "asc" },
    }),
    // Every 5th anniversary of most dates falls in a four-year window, so SQL could not narrow this much.
    prisma.agreement.findMany({
      where: { ...inForce, establishedOn: { not: null } },
      select: { slug: true, counterpartyName: true, category: true, establishedOn: true },
      orderBy: { id: "asc" },
    }),
    prisma.project.findMany({
      where: { endDate: within, agreement: inForce },
      select: { name: true, endDate: true, agreement: agreementRef },
      orderBy: { id: "asc" },
    }),
    prisma.milestone.findMany({
      where: { doneOn: null, dueOn: within, agreement: inForce },
      select: { title: true, dueOn: true, project: { select: { name: true } }, agreement: agreementRef },
      orderBy: { id: "asc" },
    }),
  ]);
  const ref = (agreement: { slug: string; counterpartyName: string }) => ({
    slug: agreement.slug,
    name: agreement.counterpartyName,
  });
  const date = (value: Date | null) => toIsoDate(value) as IsoDate;
  return {
    termEnds: termEnds.map((row) => ({ ...ref(row), category: row.category, termEnd: date(row.termEnd) })),
    established: established.map((row) => ({
      ...ref(row),
      category: row.category,
      establishedOn: date(row.establishedOn),
    })),
    projectEnds: projects.map((row) => ({ agreement: ref(row.agreement), name: row.name, endDate: date(row.endDate) })),
    openMilestones: milestones.map((row) => ({
      agreement: ref(row.agreement),
      project: row.project?.name ?? null,
      title: row.title,
      dueOn: date(row.dueOn),
    })),
  };
}
