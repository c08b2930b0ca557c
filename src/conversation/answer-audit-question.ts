import { z } from "zod";
import type { AuditEntry, PrismaClient } from "../generated/prisma/client.js";
import { EVENT_BUTTONS } from "../intake/intake-forms.js";
import { isPossibleRequestNumber, requestExists } from "../intake/intake-queries.js";
import { INTAKE_STATES, stateLabel } from "../intake/intake-workflow.js";
import type { AskerAccess } from "../people/asker-access.js";
import { nameChatIdentities, namePeople } from "../people/name-people.js";
import { roleLabel } from "./answer-role-command.js";
import { clipText, describeActor, formatDateTime, plural, quoteTyped } from "./format-values.js";
import { moreSuggestion, type Paging, pageText } from "./list-paging.js";
import type { ListItem, Reply } from "./reply.js";

/** Audit entries shown at once in "audit log"; "More" gives the next ones. */
export const AUDIT_PAGE_SIZE = 20;

export interface AuditQuestionContext {
  readonly prisma: PrismaClient;
  readonly timeZone: string;
  readonly access: AskerAccess;
  readonly paging: Paging;
}

/** What an audit entry's before/after may hold; anything else in the JSON is ignored. */
const AuditValuesSchema = z.object({
  state: z.enum(INTAKE_STATES).optional().catch(undefined),
  role: z.enum(["COORDINATOR", "DIVISION_REP", "STAFF"]).optional().catch(undefined),
  event: z.object({ type: z.string() }).optional().catch(undefined),
  text: z.string().optional().catch(undefined),
  assigneePersonId: z.number().int().nullable().optional().catch(undefined),
});
type AuditValues = z.infer<typeof AuditValuesSchema>;

const readValues = (value: unknown): AuditValues => {
  const parsed = AuditValuesSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
};

function auditRefusal(suggestion?: { label: string; query: string }): Reply {
  return {
    kind: "refused",
    text: "Only CCO-SPER coordinators can see the audit log.",
    ...(suggestion ? { suggestions: [suggestion] } : {}),
  };
}

/** "history of request 12": who did what to it, oldest first. */
export async function requestHistoryReply(context: AuditQuestionContext, number: number): Promise<Reply> {
  if (!context.access.seesAudit) {
    return auditRefusal({ label: `Status of request ${number}`, query: `status of request ${number}` });
  }
  const { paging, prisma } = context;
  const where = { entity: "IntakeRequest", entityId: String(number) };
  const [rows, total] = isPossibleRequestNumber(number)
    ? await Promise.all([
        prisma.auditEntry.findMany({ where, orderBy: { id: "asc" }, skip: paging.offset, take: paging.limit }),
        prisma.auditEntry.count({ where }),
      ])
    : [[], 0];
  if (total === 0) {
    return (await requestExists(prisma, number))
      ? { kind: "answer", title: `History of request ${number}`, text: `Nothing is recorded for request ${number}.` }
      : { kind: "not-found", text: `There is no request ${number}.` };
  }
  const items = await describeEntries(context, rows, { withEntity: false });
  return {
    kind: "list",
    title: `History of request ${number}`,
    text: `${plural(total, "entry", "entries")} in the audit log, oldest first${pageText(paging, items.length, total)}:`,
    lists: [{ items, total, offset: paging.offset }],
    suggestions: [
      ...moreSuggestion(paging, items.length, total),
      { label: `Status of request ${number}`, query: `status of request ${number}` },
      { label: "Audit log", query: "audit log" },
    ],
  };
}

/** "audit log", "recent changes": the latest entries, newest first, AUDIT_PAGE_SIZE at a time. */
export async function auditLogReply(context: AuditQuestionContext): Promise<Reply> {
  if (!context.access.seesAudit) return auditRefusal();
  const paging = { ...context.paging, limit: Math.min(context.paging.limit, AUDIT_PAGE_SIZE) };
  const [rows, total] = await Promise.all([
    context.prisma.auditEntry.findMany({ orderBy: { id: "desc" }, skip: paging.offset, take: paging.limit }),
    context.prisma.auditEntry.count(),
  ]);
  if (total === 0) return { kind: "answer", title: "Audit log", text: "Nothing is in the audit log yet." };
  const items = await describeEntries(context, rows, { withEntity: true });
  return {
    kind: "list",
    title: "Audit log",
    text: `The latest changes, newest first (${plural(total, "entry", "entries")} in all)${pageText(paging, items.length, total)}:`,
    lists: [{ items, total, offset: paging.offset }],
    suggestions: moreSuggestion(paging, items.length, total),
  };
}

/** One line per entry: when and who; then what, with the state or role before → after. */
async function describeEntries(
  context: AuditQuestionContext,
  rows: readonly AuditEntry[],
  options: { readonly withEntity: boolean },
): Promise<ListItem[]> {
  const entries = rows.map((row) => ({ row, before: readValues(row.before), after: readValues(row.after) }));
  const personIds = entries.flatMap(({ row, after }) => [
    ...(row.entity === "Person" ? [Number(row.entityId)] : []),
    ...(typeof after.assigneePersonId === "number" ? [after.assigneePersonId] : []),
  ]);
  const [names, people] = await Promise.all([
    nameChatIdentities(
      context.prisma,
      rows.map((row) => ({ platform: row.actorPlatform, externalId: row.actorExternalId })),
    ),
    namePeople(context.prisma, personIds),
  ]);
  return entries.map(({ row, before, after }) => {
    const who = describeActor({ platform: row.actorPlatform, externalId: row.actorExternalId }, names);
    const { what, change } = describeChange(row, before, after, people);
    const about = options.withEntity ? entityLabel(row, people) : null;
    return {
      text: `${formatDateTime(row.at, context.timeZone)} · ${who}`,
      detail: `${about ? `${about}: ` : ""}${what}${change ? ` (${change})` : ""}`,
    };
  });
}

function describeChange(
  row: AuditEntry,
  before: AuditValues,
  after: AuditValues,
  people: ReadonlyMap<number, string>,
): { what: string; change: string | null } {
  let states: string | null = null;
  if (before.state && after.state) {
    states =
      before.state === after.state
        ? `stays at ${stateLabel(after.state)}`
        : `${stateLabel(before.state)} → ${stateLabel(after.state)}`;
  } else if (after.state) states = `→ ${stateLabel(after.state)}`;
  switch (row.action) {
    case "intake.submit":
      return { what: "submitted", change: states };
    case "intake.transition": {
      const type = after.event?.type ?? "";
      if (type === "ASSIGN") {
        const id = after.assigneePersonId;
        const to = typeof id === "number" ? clipText(people.get(id) ?? `person ${id}`, 60) : "nobody";
        return { what: `assigned to ${to}`, change: null };
      }
      const label = Object.hasOwn(EVENT_BUTTONS, type)
        ? EVENT_BUTTONS[type as keyof typeof EVENT_BUTTONS].label
        : clipText(type || "changed", 60);
      return { what: label, change: states };
    }
    case "intake.comment":
      return { what: `commented ${quoteTyped(after.text ?? "", 80)}`, change: null };
    case "role.change":
      return { what: "role changed", change: `${roleLabel(before.role)} → ${roleLabel(after.role)}` };
    default:
      return { what: clipText(row.action, 60), change: states };
  }
}

/** "Request 12", "Avery Chen", "Agreement 7". */
function entityLabel(row: AuditEntry, people: ReadonlyMap<number, string>): string {
  if (row.entity === "IntakeRequest") return `Request ${clipText(row.entityId, 20)}`;
  if (row.entity === "Person") return clipText(people.get(Number(row.entityId)) ?? `Person ${row.entityId}`, 60);
  return `${clipText(row.entity, 40)} ${clipText(row.entityId, 20)}`;
}
