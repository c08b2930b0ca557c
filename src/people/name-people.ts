import type { Actor } from "../audit/audit-log.js";
import type { ChatPlatform, PrismaClient } from "../generated/prisma/client.js";

export const PLATFORM_LABELS: Record<ChatPlatform, string> = { SLACK: "Slack", TEAMS: "Teams", CONSOLE: "console" };

/** The key `nameChatIdentities` files a name under: "SLACK:U0123". */
export const identityKey = (actor: Actor): string => `${actor.platform}:${actor.externalId}`;

/**
 * The names of the people behind chat identities, by `identityKey`, in one query. Identities the
 * registry does not know are left out: `describeActor` then says "Slack user U0123".
 */
export async function nameChatIdentities(prisma: PrismaClient, actors: readonly Actor[]): Promise<Map<string, string>> {
  const unique = [...new Map(actors.map((actor) => [identityKey(actor), actor])).values()];
  if (unique.length === 0) return new Map();
  const rows = await prisma.chatIdentity.findMany({
    where: { OR: unique.map((actor) => ({ platform: actor.platform, externalId: actor.externalId })) },
    select: { platform: true, externalId: true, person: { select: { displayName: true } } },
  });
  return new Map(rows.map((row) => [identityKey(row), row.person.displayName]));
}

/** People's names by person id, in one query; unknown ids are left out. */
export async function namePeople(prisma: PrismaClient, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647);
  if (unique.length === 0) return new Map();
  const rows = await prisma.person.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } });
  return new Map(rows.map((row) => [row.id, row.displayName]));
}
