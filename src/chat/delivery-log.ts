import type { ChatPlatform, PrismaClient } from "../generated/prisma/client.js";

/**
 * How long a delivery id is remembered. Slack retries for about 5 minutes and Teams resends
 * after 15 seconds; a day is far beyond both and keeps the table small.
 */
export const DELIVERY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Records that a platform delivery (Slack `event_id`, Teams activity id) is being handled.
 * Returns false when it was already recorded, by this process or another replica, before or
 * after a restart: the caller must then not answer again.
 */
export async function claimDelivery(
  prisma: PrismaClient,
  platform: ChatPlatform,
  deliveryId: string,
  now: Date,
): Promise<boolean> {
  const inserted = await prisma.processedDelivery.createMany({
    data: [{ platform, deliveryId, receivedAt: now }],
    skipDuplicates: true,
  });
  return inserted.count === 1;
}

/** Forgets deliveries older than the retention window; returns how many. */
export async function pruneDeliveries(prisma: PrismaClient, now: Date): Promise<number> {
  const { count } = await prisma.processedDelivery.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - DELIVERY_RETENTION_MS) } },
  });
  return count;
}
