import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { SourceRefSchema } from "../registry/registry-document.js";
import type { Citation } from "./reply.js";

const CitationsSchema = z.array(z.object({ about: z.string(), source: SourceRefSchema }));

export interface ConversationContext {
  readonly agreementId: number | null;
  readonly lastSources: readonly Citation[];
}

/** Read from the database, not memory, so any replica can answer the follow-up. */
export async function loadConversationContext(prisma: PrismaClient, key: string): Promise<ConversationContext> {
  const row = await prisma.conversationContext.findUnique({ where: { key } });
  if (!row) return { agreementId: null, lastSources: [] };
  const sources = CitationsSchema.safeParse(row.lastSources);
  return { agreementId: row.agreementId, lastSources: sources.success ? sources.data : [] };
}

export async function saveConversationContext(
  prisma: PrismaClient,
  key: string,
  context: ConversationContext,
): Promise<void> {
  const data = {
    agreementId: context.agreementId,
    lastSources: context.lastSources as unknown as Prisma.InputJsonArray,
  };
  await prisma.conversationContext.upsert({ where: { key }, create: { key, ...data }, update: data });
}
