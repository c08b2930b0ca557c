import type { Actor } from "../audit/audit-log.js";
import type { ChatPlatform, PrismaClient } from "../generated/prisma/client.js";
import { type KnownPerson, recogniseUser } from "./recognise-user.js";

/** Who is asking, and what of the intake they may see. */
export interface AskerAccess {
  /** Null when the question came without an identity (a script asking once). */
  readonly actor: Actor | null;
  readonly person: KnownPerson | null;
  /** Coordinators and division representatives see every request, the pipeline and what is overdue. */
  readonly seesAllRequests: boolean;
  /** Coordinators see the audit log. */
  readonly seesAudit: boolean;
}

/**
 * Reads the asker's role. The console belongs to the operator of the server, who can read the
 * database anyway, so it sees everything, as `setRole` lets it change roles.
 */
export async function readAskerAccess(prisma: PrismaClient, asker: Actor | undefined): Promise<AskerAccess> {
  if (!asker) return { actor: null, person: null, seesAllRequests: false, seesAudit: false };
  const person = await recogniseUser(prisma, asker.platform, asker.externalId);
  const operator = asker.platform === "CONSOLE";
  return {
    actor: asker,
    person,
    seesAllRequests: operator || person?.role === "COORDINATOR" || person?.role === "DIVISION_REP",
    seesAudit: operator || person?.role === "COORDINATOR",
  };
}

/**
 * Whether the asker submitted the request: from this chat identity, or as the same registered
 * person from another platform.
 */
export function isRequester(
  access: AskerAccess,
  request: {
    readonly requesterPlatform: ChatPlatform;
    readonly requesterExternalId: string;
    readonly requesterPersonId: number | null;
  },
): boolean {
  if (!access.actor) return false;
  if (request.requesterPlatform === access.actor.platform && request.requesterExternalId === access.actor.externalId) {
    return true;
  }
  return access.person !== null && request.requesterPersonId === access.person.personId;
}
