import type { ChatPlatform, ConversationKind, Prisma, PrismaClient } from "../generated/prisma/client.js";

/** A conversation the bot is installed in, with the platform's own data for posting there later. */
export interface StoredConversation {
  readonly platform: ChatPlatform;
  readonly conversationId: string;
  readonly kind: ConversationKind;
  readonly title: string | null;
  /** Opaque to the core: only the adapter of `platform` reads it. */
  readonly reference: unknown;
}

export async function saveConversationReference(prisma: PrismaClient, conversation: StoredConversation): Promise<void> {
  const data = {
    kind: conversation.kind,
    title: conversation.title,
    reference: conversation.reference as Prisma.InputJsonValue,
  };
  await prisma.conversationReference.upsert({
    where: {
      platform_conversationId: { platform: conversation.platform, conversationId: conversation.conversationId },
    },
    create: { platform: conversation.platform, conversationId: conversation.conversationId, ...data },
    update: data,
  });
}

export async function findConversationReference(
  prisma: PrismaClient,
  platform: ChatPlatform,
  conversationId: string,
): Promise<StoredConversation | null> {
  return prisma.conversationReference.findUnique({
    where: { platform_conversationId: { platform, conversationId } },
    select: { platform: true, conversationId: true, kind: true, title: true, reference: true },
  });
}

export async function listConversationReferences(
  prisma: PrismaClient,
  platform: ChatPlatform,
): Promise<StoredConversation[]> {
  return prisma.conversationReference.findMany({
    where: { platform },
    select: { platform: true, conversationId: true, kind: true, title: true, reference: true },
    orderBy: { id: "asc" },
  });
}
