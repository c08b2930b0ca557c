import type { Reply } from "../conversation/reply.js";
import type { ChatPlatform, Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { IsoDate } from "../registry/registry-document.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { type Audience, type DueReminder, findDueReminders } from "./due-reminders.js";
import { enqueue, type OutboxTarget } from "./outbox.js";
import { loadReminderRules } from "./reminder-rules.js";

/**
 * One scheduler tick: what fell due since the last tick is written to the reminder ledger and the
 * outbox, each reminder in its own transaction. The ledger's unique key makes this idempotent: a
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
  let queued = 0;
  let late = 0;
  let unrouted = 0;
  for (const reminder of due) {
    const targets = targetsFor(deps, reminder, rules[reminder.kind].channels);
    if (targets.length === 0) {
      unrouted += 1;
      continue;
    }
    const isLate = to.getTime() - reminder.postAt.getTime() > LATE_AFTER_MS;
    if (await queueOnce(deps.prisma, reminder, targets, to, isLate)) {
      queued += 1;
      if (isLate) late += 1;
    }
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

/** Writes the ledger row and its outbox messages together; false when the key was queued before. */
async function queueOnce(
  prisma: PrismaClient,
  reminder: DueReminder,
  targets: readonly OutboxTarget[],
  now: Date,
  late: boolean,
): Promise<boolean> {
  return prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const [row] = await tx.reminderDelivery.createManyAndReturn({
      skipDuplicates: true,
      data: {
        key: reminder.key,
        kind: reminder.kind,
        subject: reminder.subject,
        agreementId: reminder.agreementId,
        dueOn: new Date(`${reminder.dueOn}T00:00:00Z`),
        postAt: reminder.postAt,
        queuedAt: now,
        late,
        summary: reminder.summary,
      },
      select: { id: true },
    });
    if (!row) return false;
    await enqueue(tx, { reply: reminder.reply(row.id, late), targets, now, deliveryId: row.id });
    if (reminder.escalates !== undefined) {
      await tx.reminderDelivery.update({ where: { id: reminder.escalates }, data: { escalatedAt: now } });
    }
    return true;
  });
}
