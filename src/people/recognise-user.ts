import type { ChatPlatform, PersonRole, PrismaClient } from "../generated/prisma/client.js";

/** Someone the registry knows by their chat identity. */
export interface KnownPerson {
  readonly personId: number;
  readonly displayName: string;
  readonly role: PersonRole;
  readonly divisionCode: string | null;
}

/** Maps a platform user id to a person; null for someone the registry does not know (they can still ask). */
export async function recogniseUser(
  prisma: PrismaClient,
  platform: ChatPlatform,
  externalId: string,
): Promise<KnownPerson | null> {
  const identity = await prisma.chatIdentity.findUnique({
    where: { platform_externalId: { platform, externalId } },
    select: { person: { select: { id: true, displayName: true, role: true, division: { select: { code: true } } } } },
  });
  if (!identity) return null;
  const { person } = identity;
  return {
    personId: person.id,
    displayName: person.displayName,
    role: person.role,
    divisionCode: person.division?.code ?? null,
  };
}
