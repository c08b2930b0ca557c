import type { ChatPlatform, Prisma, PrismaClient } from "../generated/prisma/client.js";

/** Who did something, as the platform knows them (the registry may not know them at all). */
export interface Actor {
  readonly platform: ChatPlatform;
  readonly externalId: string;
}

export interface AuditRecord {
  readonly actor: Actor;
  /** "intake.submit", "intake.transition", "role.change", "registry.create" ... */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | number;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly at: Date;
}

type Writer = Pick<PrismaClient, "auditEntry"> | Prisma.TransactionClient;

/** Writes one audit entry; pass the transaction client so the entry and the change commit together. */
export async function recordAudit(db: Writer, record: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      at: record.at,
      actorPlatform: record.actor.platform,
      actorExternalId: record.actor.externalId,
      action: record.action,
      entity: record.entity,
      entityId: String(record.entityId),
      ...(record.before === undefined ? {} : { before: record.before as Prisma.InputJsonValue }),
      ...(record.after === undefined ? {} : { after: record.after as Prisma.InputJsonValue }),
    },
  });
}

/** The audit trail of one entity (a request, a person's role, an agreement), oldest first. */
export async function auditTrail(
  prisma: Pick<PrismaClient, "auditEntry">,
  entity: string,
  entityId: string | number,
): Promise<AuditRecord[]> {
  const rows = await prisma.auditEntry.findMany({
    where: { entity, entityId: String(entityId) },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({
    actor: { platform: row.actorPlatform, externalId: row.actorExternalId },
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before ?? undefined,
    after: row.after ?? undefined,
    at: row.at,
  }));
}
