import type { Outbound, PostedMessage } from "../chat/outbound-port.js";
import { PlatformNotConnectedError } from "../chat/outbound-port.js";
import type { Reply } from "../conversation/reply.js";
import type { ChatPlatform, Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/**
 * The outbox: posts the bot makes unasked wait here until a platform has taken them. A sender
 * leases a batch (FOR UPDATE SKIP LOCKED, so replicas never take the same message), posts each,
 * and marks it sent; a failure sets the next attempt after Retry-After or an exponential back-off.
 * Messages are never dropped: one that keeps failing stays pending, with its attempts and last
 * error, for people to see ("which posts failed?").
 */

export interface OutboxTarget {
  readonly platform: ChatPlatform;
  /** A conversation id, or a person's platform user id when `toPerson`. */
  readonly target: string;
  readonly toPerson?: boolean;
  readonly threadId?: string | null;
}

type Writer = Pick<Prisma.TransactionClient, "outboxMessage">;

/** Queues `reply` for each target; pass the transaction client so it commits with what caused it. */
export async function enqueue(
  db: Writer,
  message: {
    readonly reply: Reply;
    readonly targets: readonly OutboxTarget[];
    readonly now: Date;
    readonly deliveryId?: number;
  },
): Promise<void> {
  if (message.targets.length === 0) return;
  await db.outboxMessage.createMany({
    data: outboxRows(message.reply, message.targets, message.now, message.deliveryId),
  });
}

/** The outbox rows for one reply to several targets. */
export function outboxRows(reply: Reply, targets: readonly OutboxTarget[], now: Date, deliveryId?: number) {
  return targets.map((target) => ({
    deliveryId: deliveryId ?? null,
    platform: target.platform,
    target: target.target,
    toPerson: target.toPerson ?? false,
    threadId: target.threadId ?? null,
    reply: reply as unknown as Prisma.InputJsonValue,
    nextAttemptAt: now,
  }));
}

export interface DrainDeps {
  readonly prisma: PrismaClient;
  readonly outbound: Outbound;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface DrainReport {
  readonly sent: number;
  readonly failed: number;
}

/** How long a sender holds a leased message before another may take it over (it crashed, say). */
const LEASE_MS = 2 * 60 * 1000;
const FIRST_RETRY_MS = 30 * 1000;
const MAX_RETRY_MS = 60 * 60 * 1000;

/** When to try again after `attempts` failures: the platform's Retry-After, else 30 s doubling up to an hour. */
export function retryDelayMs(attempts: number, retryAfterSeconds: number | null): number {
  if (retryAfterSeconds !== null && retryAfterSeconds > 0) return retryAfterSeconds * 1000;
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

interface Leased {
  id: number;
  platform: ChatPlatform;
  target: string;
  toPerson: boolean;
  threadId: string | null;
  reply: unknown;
  attempts: number;
}

/**
 * Posts what is due, oldest first. Within one target order is kept: after a failure, later
 * messages to the same conversation wait, in this drain and in every later one until the failed
 * message has gone out, rather than overtaking it.
 */
export async function drainOutbox(deps: DrainDeps, options: { readonly limit?: number } = {}): Promise<DrainReport> {
  const now = deps.clock();
  const leased = await deps.prisma.$queryRaw<Leased[]>`
    UPDATE "OutboxMessage" SET "leasedUntil" = ${new Date(now.getTime() + LEASE_MS)}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMessage" AS "message"
      WHERE "state" = 'PENDING' AND "nextAttemptAt" <= ${now} AND ("leasedUntil" IS NULL OR "leasedUntil" <= ${now})
        -- Not while an earlier post to the same target waits out its back-off or is being sent:
        -- a later post must not overtake it (one that failed earlier in this drain is held below).
        AND NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" AS "earlier"
          WHERE "earlier"."state" = 'PENDING' AND "earlier"."platform" = "message"."platform"
            AND "earlier"."target" = "message"."target" AND "earlier"."id" < "message"."id"
            AND ("earlier"."nextAttemptAt" > ${now} OR "earlier"."leasedUntil" > ${now})
        )
      ORDER BY "id" LIMIT ${options.limit ?? 50}
      FOR UPDATE OF "message" SKIP LOCKED
    )
    RETURNING "id", "platform", "target", "toPerson", "threadId", "reply", "attempts"`;
  let sent = 0;
  let failed = 0;
  const blocked = new Set<string>();
  for (const message of leased.sort((a, b) => a.id - b.id)) {
    const lane = `${message.platform}|${message.target}`;
    if (blocked.has(lane)) {
      // Not tried: give the attempt back and leave it for the next drain.
      await deps.prisma.outboxMessage.update({
        where: { id: message.id },
        data: { leasedUntil: null, attempts: { decrement: 1 } },
      });
      continue;
    }
    try {
      const posted = await post(deps.outbound, message);
      await deps.prisma.outboxMessage.update({
        where: { id: message.id },
        data: {
          state: "SENT",
          sentAt: deps.clock(),
          postedMessageId: posted.messageId,
          leasedUntil: null,
          lastError: null,
        },
      });
      sent += 1;
    } catch (error) {
      failed += 1;
      blocked.add(lane);
      const retryAfter = readRetryAfter(error);
      const delay =
        error instanceof PlatformNotConnectedError ? MAX_RETRY_MS : retryDelayMs(message.attempts, retryAfter);
      await release(deps.prisma, message.id, deps.clock(), describe(error), delay);
      deps.logger.warn(
        { err: error, outboxId: message.id, platform: message.platform, attempts: message.attempts, retryInMs: delay },
        "post from the outbox failed; it will be retried",
      );
    }
  }
  return { sent, failed };
}

async function release(prisma: PrismaClient, id: number, now: Date, lastError: string, delayMs: number) {
  await prisma.outboxMessage.update({
    where: { id },
    data: { leasedUntil: null, lastError, nextAttemptAt: new Date(now.getTime() + delayMs) },
  });
}

function post(outbound: Outbound, message: Leased): Promise<PostedMessage> {
  const port = outbound.port(message.platform);
  const reply = message.reply as Reply;
  if (message.toPerson) return port.notifyPerson(message.target, reply);
  if (message.threadId)
    return port.replyInThread({ conversationId: message.target, threadId: message.threadId }, reply);
  return port.postToConversation(message.target, reply);
}

/** Slack's and Teams' delivery errors carry the platform's Retry-After, when it gave one. */
function readRetryAfter(error: unknown): number | null {
  const value = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}
