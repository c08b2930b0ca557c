import { type Actor, recordAudit } from "../audit/audit-log.js";
import type { ChatPlatform, Prisma, PrismaClient, ReminderAnswer, ReminderKind } from "../generated/prisma/client.js";
import type { IsoDate } from "../registry/registry-document.js";
import { isoDateOf, utcMidnight } from "../shared/calendar-date.js";
import { loadReminderRules, type ReminderRule, saveReminderRule } from "./reminder-rules.js";

/**
 * The reminders' records as people change and read them: answers on the ledger, mutes, rule
 * changes, each written in one transaction with its audit entry; and the ledger and the outbox as
 * the chat shows them. The scheduler writes the ledger and the outbox; this module never queues a post.
 */

/** Kinds whose posts ask "is a renewal under way, or should it expire?" (their escalations answer on them). */
export const ANSWERABLE_KINDS: readonly ReminderKind[] = ["TERM_EXPIRY", "PROJECT_EXPIRY"];

/** Kinds that can be silenced for one agreement: the ones due-reminders.ts checks ReminderMute for. */
export const MUTABLE_KINDS: readonly ReminderKind[] = ["TERM_EXPIRY", "PROJECT_EXPIRY", "ANNIVERSARY", "MILESTONE_DUE"];

/** The answers a person can give to an expiry reminder (ACKNOWLEDGED is the scheduler's, not a button's). */
export type PersonAnswer = Extract<ReminderAnswer, "RENEWAL_UNDER_WAY" | "LET_EXPIRE" | "SNOOZED">;
export const PERSON_ANSWERS: readonly PersonAnswer[] = ["RENEWAL_UNDER_WAY", "LET_EXPIRE", "SNOOZED"];

/** "SLACK:U123", as answeredBy and mutedBy store who it was. */
export const actorKey = (actor: Actor): string => `${actor.platform}:${actor.externalId}`;

const PLATFORMS: readonly ChatPlatform[] = ["SLACK", "TEAMS", "CONSOLE"];

/** Reads an `actorKey` back; null for anything else. */
export function readActorKey(key: string | null): Actor | null {
  if (!key) return null;
  const colon = key.indexOf(":");
  const platform = key.slice(0, colon) as ChatPlatform;
  if (colon <= 0 || !PLATFORMS.includes(platform)) return null;
  return { platform, externalId: key.slice(colon + 1) };
}

const DELIVERY_SELECT = {
  id: true,
  kind: true,
  subject: true,
  agreementId: true,
  dueOn: true,
  summary: true,
  answer: true,
  answerNote: true,
  answeredBy: true,
  answeredAt: true,
  snoozedUntil: true,
  agreement: { select: { counterpartyName: true } },
} as const satisfies Prisma.ReminderDeliverySelect;

export type DeliveryToAnswer = Prisma.ReminderDeliveryGetPayload<{ select: typeof DELIVERY_SELECT }>;

/** One ledger row with what an answer form needs. */
export function findDeliveryToAnswer(prisma: PrismaClient, id: number): Promise<DeliveryToAnswer | null> {
  return prisma.reminderDelivery.findUnique({ where: { id }, select: DELIVERY_SELECT });
}

/** The answer as it stands on a ledger row, as the audit entry records it before and after. */
export interface AnswerState {
  readonly answer: ReminderAnswer | null;
  readonly note: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: string | null;
  readonly snoozedUntil: IsoDate | null;
}

const answerState = (
  row: Pick<DeliveryToAnswer, "answer" | "answerNote" | "answeredBy" | "answeredAt" | "snoozedUntil">,
): AnswerState => ({
  answer: row.answer,
  note: row.answerNote,
  answeredBy: row.answeredBy,
  answeredAt: row.answeredAt?.toISOString() ?? null,
  snoozedUntil: row.snoozedUntil ? isoDateOf(row.snoozedUntil) : null,
});

export interface ReminderAnswerRecord {
  readonly deliveryId: number;
  readonly answer: PersonAnswer;
  /** The note (renewal, let expire) or the reason (snooze); null for none. */
  readonly note: string | null;
  /** Required for SNOOZED, ignored otherwise. */
  readonly snoozedUntil: IsoDate | null;
  readonly actor: Actor;
  readonly now: Date;
}

export type RecordedAnswer = {
  readonly agreementId: number;
  readonly before: AnswerState;
  readonly after: AnswerState;
};

const CLAIM_ATTEMPTS = 3;

/**
 * Records an answer on its ledger row, replacing any earlier one, with an audit entry on the
 * agreement ("reminder.answer", before → after), in one transaction. The row is claimed on the
 * answer it was read with, so two people answering at once each replace what the other recorded
 * and the audit trail shows both. Null when the row, or its agreement, is gone.
 */
export async function recordReminderAnswer(
  prisma: PrismaClient,
  record: ReminderAnswerRecord,
): Promise<RecordedAnswer | null> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await prisma.$transaction(async (tx) => {
      const row = await tx.reminderDelivery.findUnique({ where: { id: record.deliveryId }, select: DELIVERY_SELECT });
      if (!row || row.agreementId === null) return null;
      const snoozedUntil = record.answer === "SNOOZED" ? record.snoozedUntil : null;
      const data = {
        answer: record.answer,
        answerNote: record.note,
        answeredBy: actorKey(record.actor),
        answeredAt: record.now,
        snoozedUntil: snoozedUntil ? utcMidnight(snoozedUntil) : null,
      };
      const claimed = await tx.reminderDelivery.updateMany({
        where: { id: row.id, answeredAt: row.answeredAt },
        data,
      });
      if (claimed.count === 0) return "raced" as const;
      const before = answerState(row);
      const after = answerState({ ...data, answer: record.answer });
      await recordAudit(tx, {
        actor: record.actor,
        action: "reminder.answer",
        entity: "Agreement",
        entityId: row.agreementId,
        before: { deliveryId: row.id, kind: row.kind, dueOn: isoDateOf(row.dueOn), ...before },
        after: { deliveryId: row.id, kind: row.kind, dueOn: isoDateOf(row.dueOn), ...after },
        at: record.now,
      });
      return { agreementId: row.agreementId, before, after };
    });
    if (outcome !== "raced") return outcome;
    if (attempt >= CLAIM_ATTEMPTS)
      throw new Error(`reminder delivery ${record.deliveryId} kept changing while answered`);
  }
}

const LEDGER_INCLUDE = {
  messages: {
    orderBy: { id: "asc" },
    select: {
      id: true,
      platform: true,
      target: true,
      toPerson: true,
      threadId: true,
      state: true,
      attempts: true,
      nextAttemptAt: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
    },
  },
} as const satisfies Prisma.ReminderDeliveryInclude;

export type LedgerEntry = Prisma.ReminderDeliveryGetPayload<{ include: typeof LEDGER_INCLUDE }>;
export type LedgerMessage = LedgerEntry["messages"][number];

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** The ledger of one agreement, newest first, with the posts of each row. */
export async function listLedgerOfAgreement(
  prisma: PrismaClient,
  agreementId: number,
  page: { readonly offset: number; readonly limit: number },
): Promise<Page<LedgerEntry>> {
  const where = { agreementId };
  const [items, total] = await Promise.all([
    prisma.reminderDelivery.findMany({
      where,
      include: LEDGER_INCLUDE,
      orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
      skip: page.offset,
      take: page.limit,
    }),
    prisma.reminderDelivery.count({ where }),
  ]);
  return { items, total };
}

const FAILING_INCLUDE = {
  delivery: { select: { id: true, summary: true, agreement: { select: { counterpartyName: true } } } },
} as const satisfies Prisma.OutboxMessageInclude;

export type FailingPost = Prisma.OutboxMessageGetPayload<{ include: typeof FAILING_INCLUDE }>;

/**
 * Posts still waiting after at least one failed attempt, oldest first; and how many others wait
 * for their first attempt.
 */
export async function listFailingPosts(
  prisma: PrismaClient,
  page: { readonly offset: number; readonly limit: number },
): Promise<Page<FailingPost> & { readonly untried: number }> {
  const where = { state: "PENDING" as const, attempts: { gt: 0 } };
  const [items, total, untried] = await Promise.all([
    prisma.outboxMessage.findMany({
      where,
      include: FAILING_INCLUDE,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: page.offset,
      take: page.limit,
    }),
    prisma.outboxMessage.count({ where }),
    prisma.outboxMessage.count({ where: { state: "PENDING", attempts: 0 } }),
  ]);
  return { items, total, untried };
}

export interface Mute {
  readonly kind: ReminderKind;
  readonly mutedBy: string;
  readonly mutedAt: Date;
}

/** What is muted for one agreement, in MUTABLE_KINDS order. */
export async function listMutes(prisma: PrismaClient, agreementId: number): Promise<Mute[]> {
  const rows = await prisma.reminderMute.findMany({
    where: { agreementId },
    select: { kind: true, mutedBy: true, mutedAt: true },
  });
  return rows.sort((a, b) => MUTABLE_KINDS.indexOf(a.kind) - MUTABLE_KINDS.indexOf(b.kind));
}

export interface MuteChange {
  readonly agreementId: number;
  readonly kinds: readonly ReminderKind[];
  readonly mute: boolean;
  readonly actor: Actor;
  readonly now: Date;
}

/**
 * Mutes (or unmutes) kinds for one agreement, with an audit entry on the agreement listing what
 * was muted before and after. A kind already in the asked state is left as it is (an existing
 * mute keeps who made it and when). Returns the kinds that changed.
 */
export async function changeMutes(prisma: PrismaClient, change: MuteChange): Promise<ReminderKind[]> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.reminderMute.findMany({
      where: { agreementId: change.agreementId },
      select: { kind: true },
    });
    const before = new Set(existing.map((row) => row.kind));
    const changed = change.kinds.filter((kind) => before.has(kind) !== change.mute);
    if (changed.length === 0) return [];
    if (change.mute) {
      await tx.reminderMute.createMany({
        data: changed.map((kind) => ({
          kind,
          agreementId: change.agreementId,
          mutedBy: actorKey(change.actor),
          mutedAt: change.now,
        })),
        skipDuplicates: true,
      });
    } else {
      await tx.reminderMute.deleteMany({ where: { agreementId: change.agreementId, kind: { in: changed } } });
    }
    const after = new Set(before);
    for (const kind of changed) {
      if (change.mute) after.add(kind);
      else after.delete(kind);
    }
    const ordered = (kinds: ReadonlySet<ReminderKind>) => MUTABLE_KINDS.filter((kind) => kinds.has(kind));
    await recordAudit(tx, {
      actor: change.actor,
      action: change.mute ? "reminder.mute" : "reminder.unmute",
      entity: "Agreement",
      entityId: change.agreementId,
      before: { muted: ordered(before) },
      after: { muted: ordered(after) },
      at: change.now,
    });
    return changed;
  });
}

export interface RuleChange {
  readonly kinds: readonly ReminderKind[];
  readonly change: Partial<Pick<ReminderRule, "enabled" | "leadDays">>;
  readonly actor: Actor;
  readonly now: Date;
}

/** Changes rules, each with an audit entry ("reminder.rule", the rule before → after), in one transaction. */
export async function changeReminderRules(
  prisma: PrismaClient,
  request: RuleChange,
): Promise<{ readonly before: ReminderRule; readonly after: ReminderRule }[]> {
  return prisma.$transaction(async (tx) => {
    const rules = await loadReminderRules(tx);
    const results: { before: ReminderRule; after: ReminderRule }[] = [];
    for (const kind of request.kinds) {
      const before = rules[kind];
      const after = await saveReminderRule(tx, kind, request.change);
      await recordAudit(tx, {
        actor: request.actor,
        action: "reminder.rule",
        entity: "ReminderRule",
        entityId: kind,
        before,
        after,
        at: request.now,
      });
      results.push({ before, after });
    }
    return results;
  });
}
