import type { ChatPlatform, PrismaClient } from "../generated/prisma/client.js";

/**
 * Who posts a request's summary card, the post that starts its CCO-SPER thread on a platform. A
 * submission starts it, and every replica's announcement sweep starts the ones still missing (at
 * start-up, every ten minutes): two replicas must not both post it. The card cannot be posted in a
 * database transaction (it is a platform call), so the starter holds a short lease, a row in
 * Setting taken with one conditional upsert; a replica that dies holding it loses it when it runs
 * out, and the next sweep starts the thread.
 */

/** Long enough for the slowest card post the platform clients allow; short enough for the next sweep. */
const LEASE_MS = 2 * 60 * 1000;

const keyOf = (requestId: number, platform: ChatPlatform) => `intake.threadStart:${requestId}:${platform}`;

/** True when this process may start the thread now: nobody holds the lease, or the holder's has run out. */
export async function claimThreadStart(
  prisma: PrismaClient,
  requestId: number,
  platform: ChatPlatform,
  now: Date,
): Promise<boolean> {
  const key = keyOf(requestId, platform);
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  // ISO-8601 UTC strings of one length order as the times do.
  const claimed = await prisma.$queryRaw<{ key: string }[]>`
    INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${key}, ${until}, ${now})
    ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = EXCLUDED."updatedAt"
    WHERE "Setting"."value" < ${now.toISOString()}
    RETURNING "key"`;
  return claimed.length === 1;
}

/** Gives the lease back once the thread is recorded, or its post failed (the next sweep tries again). */
export async function releaseThreadStart(
  prisma: PrismaClient,
  requestId: number,
  platform: ChatPlatform,
): Promise<void> {
  await prisma.setting.deleteMany({ where: { key: keyOf(requestId, platform) } });
}
