import type { Reply } from "../conversation/reply.js";
import type { ChatPlatform, Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { IsoDate } from "../registry/registry-document.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { type Audience, type DueReminder, findDueReminders } from "./due-reminders.js";
import { type OutboxTarget, outboxRows } from "./outbox.js";
import { loadReminderRules } from "./reminder-rules.js";

/**
 * One scheduler tick: what fell due since the last tick is written to the reminder ledger and the
 * outbox, 500 reminders to a transaction. The ledger's unique key makes this idempotent: a
 * repeated, overlapping or concurrent tick (two replicas) queues nothing twice, and a tick that
 * fails half-way (the database went away) is simply done again by the next one, because the last
 * tick time only advances when a tick completes.
 */

export interface SchedulerDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly postHour: number;
  readonly intakeTargetMonths: number;
  readonly meetingDates: readonly IsoDate[];
  /** Where each audience is posted, by platform (WORKING_GROUP_*, INTAKE_*). */
  readonly places: Readonly<Record<Audience, Partial<Record<ChatPlatform, string>>>>;
  readonly digestReply?: (meeting: IsoDate) => Promise<Reply>;
}

export interface TickReport {
  readonly from: Date;
  readonly to: Date;
  /** Reminders due in the window. */
  readonly due: number;
  /** Newly queued by this tick (the rest were queued before, by this or another process). */
  readonly queued: number;
  readonly late: number;
  /** Due, but with nowhere configured to post: left for when a channel is configured. */
  readonly unrouted: number;
}

const LAST_TICK = "reminders.lastTickAt";
/** A bot down longer than this does not post older reminders: they would no longer help anyone. */
const MAX_CATCH_UP_MS = 60 * 24 * 60 * 60 * 1000;
/** Queued later than this after its time, a reminder says it is late. */
const LATE_AFTER_MS = 15 * 60 * 1000;
/** Reminders queued per transaction: a catch-up after days down writes thousands. */
const BATCH = 500;
/** The first tick ever looks back this far, so a bot started at 09:05 still posts the day's reminders. */
const FIRST_LOOK_BACK_MS = 24 * 60 * 60 * 1000;

export async function runReminderTick(deps: SchedulerDeps): Promise<TickReport> {
  const to = deps.clock();
  const last = await deps.prisma.setting.findUnique({ where: { key: LAST_TICK } });
  const lastTick = last ? new Date(last.value) : new Date(to.getTime() - FIRST_LOOK_BACK_MS);
  const from = new Date(Math.max(lastTick.getTime(), to.getTime() - MAX_CATCH_UP_MS));
  const rules = await loadReminderRules(deps.prisma);
  const due = await findDueReminders(
    {
      prisma: deps.prisma,
      timeZone: deps.timeZone,
      postHour: deps.postHour,
      rules,
      intakeTargetMonths: deps.intakeTargetMonths,
      meetingDates: deps.meetingDates,
      ...(deps.digestReply ? { digestReply: deps.digestReply } : {}),
    },
    { from, to },
  );
  const routed: { reminder: DueReminder; targets: OutboxTarget[]; late: boolean }[] = [];
  let unrouted = 0;
  for (const reminder of due) {
    const targets = targetsFor(deps, reminder, rules[reminder.kind].channels);
    if (targets.length === 0) unrouted += 1;
    else routed.push({ reminder, targets, late: to.getTime() - reminder.postAt.getTime() > LATE_AFTER_MS });
  }
  let queued = 0;
  let late = 0;
  for (let start = 0; start < routed.length; start += BATCH) {
    const batch = routed.slice(start, start + BATCH);
    const inserted = await queueOnce(deps.prisma, batch, to);
    queued += inserted.length;
    late += inserted.filter((entry) => entry.late).length;
  }
  // Only a completed tick moves the window on; GREATEST keeps it from going back when ticks overlap.
  await deps.prisma.$executeRaw`
    INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${LAST_TICK}, ${to.toISOString()}, ${to})
    ON CONFLICT ("key") DO UPDATE SET "value" = GREATEST("Setting"."value", EXCLUDED."value"), "updatedAt" = EXCLUDED."updatedAt"`;
  if (queued > 0 || unrouted > 0) {
    deps.logger.info({ due: due.length, queued, late, unrouted }, "reminders queued");
  }
  return { from, to, due: due.length, queued, late, unrouted };
}

function targetsFor(
  deps: SchedulerDeps,
  reminder: DueReminder,
  ruleChannels: Partial<Record<ChatPlatform, string>>,
): OutboxTarget[] {
  const fallback = deps.places[reminder.audience];
  const platforms: ChatPlatform[] = ["SLACK", "TEAMS"];
  return platforms.flatMap((platform) => {
    const target = ruleChannels[platform] ?? fallback[platform] ?? deps.places["working-group"][platform];
    return target ? [{ platform, target }] : [];
  });
}

/**
 * Writes a batch's ledger rows and their outbox messages in one transaction: ON CONFLICT DO
 * NOTHING on the key leaves out what was queued before (by this process or another), and a
 * failure writes nothing, so the next tick redoes the whole batch. Returns what was new.
 *
 * Each statement takes its rows as one JSON parameter (jsonb_to_recordset): Prisma's createMany
 * compiles every value of every row on the event loop, which made a catch-up of thousands of
 * reminders take seconds. Outbox rows keep the batch's order (WITH ORDINALITY), so their ids do.
 */
async function queueOnce(
  prisma: PrismaClient,
  batch: readonly { reminder: DueReminder; targets: readonly OutboxTarget[]; late: boolean }[],
  now: Date,
): Promise<{ reminder: DueReminder; late: boolean }[]> {
  const ledger = batch.map(({ reminder, late }) => ({
    key: reminder.key,
    kind: reminder.kind,
    subject: reminder.subject,
    agreementId: reminder.agreementId,
    dueOn: reminder.dueOn,
    postAt: reminder.postAt.toISOString(),
    late,
    summary: reminder.summary,
  }));
  return prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const rows = await tx.$queryRaw<{ id: number; key: string }[]>`
      INSERT INTO "ReminderDelivery" ("key", "kind", "subject", "agreementId", "dueOn", "postAt", "queuedAt", "late", "summary")
      SELECT r."key", r."kind"::"ReminderKind", r."subject", r."agreementId", r."dueOn", r."postAt", ${now}, r."late", r."summary"
      FROM jsonb_to_recordset(${JSON.stringify(ledger)}::jsonb) AS r(
        "key" text, "kind" text, "subject" text, "agreementId" int, "dueOn" date, "postAt" timestamp(3), "late" boolean, "summary" text)
      ON CONFLICT ("key") DO NOTHING
      RETURNING "id", "key"`;
    const ids = new Map(rows.map((row) => [row.key, row.id]));
    const fresh = batch.filter((entry) => ids.has(entry.reminder.key));
    const messages = fresh.flatMap(({ reminder, targets, late }) => {
      const id = ids.get(reminder.key) as number;
      return outboxRows(reminder.reply(id, late), targets, now, id);
    });
    if (messages.length > 0) {
      await tx.$executeRaw`
        INSERT INTO "OutboxMessage" ("deliveryId", "platform", "target", "toPerson", "threadId", "reply", "nextAttemptAt")
        SELECT r."deliveryId", r."platform"::"ChatPlatform", r."target", r."toPerson", r."threadId", r."reply", ${now}
        FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(messages)}::jsonb) AS (
          "deliveryId" int, "platform" text, "target" text, "toPerson" boolean, "threadId" text, "reply" jsonb))
          WITH ORDINALITY AS r("deliveryId", "platform", "target", "toPerson", "threadId", "reply", "position")
        ORDER BY r."position"`;
    }
    const escalated = fresh.flatMap((entry) =>
      entry.reminder.escalates === undefined ? [] : [entry.reminder.escalates],
    );
    if (escalated.length > 0) {
      await tx.reminderDelivery.updateMany({ where: { id: { in: escalated } }, data: { escalatedAt: now } });
    }
    return fresh.map(({ reminder, late }) => ({ reminder, late }));
  });
}
