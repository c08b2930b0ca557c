import type { Prisma } from "../generated/prisma/client.js";
import { isoDateOf, utcMidnight } from "../shared/calendar-date.js";
import {
  type ActivityRecord,
  type AgreementRecord,
  type IsoDate,
  type MilestoneRecord,
  type ProjectRecord,
  type SourceRef,
  SourceRefSchema,
  type Sources,
  SourcesSchema,
} from "./registry-document.js";

/** Converts between database rows and registry-document records (dates, JSON columns, aliases). */

export type AgreementWithChildren = Prisma.AgreementGetPayload<{ include: typeof agreementWithChildren }>;

export const agreementWithChildren = {
  aliases: { orderBy: { id: "asc" } },
  projects: { orderBy: { id: "asc" } },
  milestones: { orderBy: { id: "asc" } },
  activities: { orderBy: { id: "asc" } },
  leadDivision: true,
  // The latest answer to an expiry reminder: what the working group decided about renewal.
  reminders: {
    where: { kind: "TERM_EXPIRY", answer: { not: null } },
    orderBy: { answeredAt: "desc" },
    take: 1,
    select: { answer: true, answerNote: true, answeredAt: true, snoozedUntil: true, dueOn: true },
  },
} as const satisfies Prisma.AgreementInclude;

export function toIsoDate(value: Date | null): IsoDate | null {
  return value ? isoDateOf(value) : null;
}

export function fromIsoDate(value: IsoDate | null): Date | null {
  return value ? utcMidnight(value) : null;
}

/** JSON columns are a boundary: what is read back is validated, never trusted. */
export function readSources(value: unknown): Sources {
  return SourcesSchema.parse(value ?? {});
}

export function readSourceRef(value: unknown): SourceRef | null {
  return value == null ? null : SourceRefSchema.parse(value);
}

export function toAgreementRecord(row: AgreementWithChildren): AgreementRecord {
  const projectNames = new Map(row.projects.map((project) => [project.id, project.name]));
  return {
    slug: row.slug,
    counterpartyName: row.counterpartyName,
    aliases: row.aliases.map((alias) => alias.alias).filter((alias) => alias !== row.counterpartyName),
    counterpartyKind: row.counterpartyKind,
    city: row.city,
    country: row.country,
    category: row.category,
    previousDesignation: row.previousDesignation,
    establishedYear: row.establishedYear,
    establishedOn: toIsoDate(row.establishedOn),
    termStart: toIsoDate(row.termStart),
    termEnd: toIsoDate(row.termEnd),
    renewalOption: row.renewalOption,
    leadDivision: row.leadDivision?.code ?? null,
    contacts: row.contacts,
    notes: row.notes,
    sources: readSources(row.sources),
    projects: row.projects.map(
      (project): ProjectRecord => ({
        name: project.name,
        objective: project.objective,
        activity: project.activity,
        measure: project.measure,
        assignee: project.assignee,
        resources: project.resources,
        startDate: toIsoDate(project.startDate),
        endDate: toIsoDate(project.endDate),
        source: readSourceRef(project.source),
      }),
    ),
    milestones: row.milestones.map(
      (milestone): MilestoneRecord => ({
        title: milestone.title,
        project: milestone.projectId ? (projectNames.get(milestone.projectId) ?? null) : null,
        dueOn: toIsoDate(milestone.dueOn),
        doneOn: toIsoDate(milestone.doneOn),
        source: readSourceRef(milestone.source),
      }),
    ),
    activities: row.activities.map(
      (activity): ActivityRecord => ({
        year: activity.year,
        endYear: activity.endYear,
        occurredOn: toIsoDate(activity.occurredOn),
        description: activity.description,
        source: readSourceRef(activity.source),
      }),
    ),
  };
}
