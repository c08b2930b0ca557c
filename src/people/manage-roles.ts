import { type Actor, recordAudit } from "../audit/audit-log.js";
import type { ChatPlatform, PersonRole, PrismaClient } from "../generated/prisma/client.js";
import { recogniseUser } from "./recognise-user.js";

export interface RoleChange {
  /** The person whose role changes, by their chat identity. */
  readonly target: { readonly platform: ChatPlatform; readonly externalId: string };
  readonly role: PersonRole;
  /** Their name, for someone the registry does not know yet. */
  readonly displayName?: string;
  readonly divisionCode?: string;
  /** Who changes it: a CCO-SPER coordinator in chat, or the CLI (an operator on the server). */
  readonly actor: Actor;
  readonly now: Date;
}

export type RoleChangeOutcome =
  | { readonly ok: true; readonly personId: number; readonly before: PersonRole | null; readonly after: PersonRole }
  | { readonly ok: false; readonly reason: string };

/**
 * Gives someone a role (coordinator, division representative, staff). Only coordinators may, in
 * chat; the console is the operator's. Someone unknown is added with their chat identity. The
 * change and its audit entry are written together.
 */
export async function setRole(prisma: PrismaClient, change: RoleChange): Promise<RoleChangeOutcome> {
  if (change.actor.platform !== "CONSOLE") {
    const actor = await recogniseUser(prisma, change.actor.platform, change.actor.externalId);
    if (actor?.role !== "COORDINATOR") {
      return { ok: false, reason: "Only CCO-SPER coordinators can change roles. Ask a coordinator to do it." };
    }
  }
  const division = change.divisionCode
    ? await prisma.division.findFirst({
        where: { code: { equals: change.divisionCode, mode: "insensitive" } },
        select: { id: true, code: true },
      })
    : null;
  if (change.divisionCode && !division) {
    return {
      ok: false,
      reason: `There is no division ${change.divisionCode}. Use a division code such as CCO-SPER or EDC.`,
    };
  }
  if (change.role === "DIVISION_REP" && !change.divisionCode) {
    const known = await recogniseUser(prisma, change.target.platform, change.target.externalId);
    if (!known?.divisionCode) {
      return { ok: false, reason: "A division representative needs a division: give its code (e.g. EDC)." };
    }
  }
  return prisma.$transaction(async (tx) => {
    const identity = await tx.chatIdentity.findUnique({
      where: { platform_externalId: { platform: change.target.platform, externalId: change.target.externalId } },
      select: { person: { select: { id: true, role: true, divisionId: true } } },
    });
    const divisionId = division?.id ?? identity?.person.divisionId ?? null;
    const person = identity
      ? await tx.person.update({ where: { id: identity.person.id }, data: { role: change.role, divisionId } })
      : await tx.person.create({
          data: {
            displayName: change.displayName ?? change.target.externalId,
            role: change.role,
            divisionId,
            identities: { create: [{ platform: change.target.platform, externalId: change.target.externalId }] },
          },
        });
    const before = identity?.person.role ?? null;
    await recordAudit(tx, {
      actor: change.actor,
      action: "role.change",
      entity: "Person",
      entityId: person.id,
      before: before === null ? undefined : { role: before },
      after: { role: change.role, divisionId },
      at: change.now,
    });
    return { ok: true as const, personId: person.id, before, after: change.role };
  });
}
