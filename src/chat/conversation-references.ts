import type { ChatPlatform, ConversationKind, Prisma, PrismaClient } from "../generated/prisma/client.js";

/** A conversation the bot is installed in, with the platform's own data for posting there later. */
export interface StoredConversation {
  readonly platform: ChatPlatform;
  readonly conversationId: string;
  readonly kind: ConversationKind;
  readonly title: string | null;
  /** For a personal chat: the person's platform user id. */
  readonly userId?: string | null;
  /** Opaque to the core: only the adapter of `platform` reads it. */
  readonly reference: unknown;
}

const storedFields = {
  platform: true,
  conversationId: true,
  kind: true,
  title: true,
  userId: true,
  reference: true,
} as const;

export async function saveConversationReference(prisma: PrismaClient, conversation: StoredConversation): Promise<void> {
  const { platform, conversationId } = conversation;
  const data = {
    kind: conversation.kind,
    reference: conversation.reference as Prisma.InputJsonValue,
    // Platforms send a channel's name only now and then (Teams: when the bot is added), so a
    // missing title or user keeps the one already stored.
    ...(conversation.title ? { title: conversation.title } : {}),
    ...(conversation.userId ? { userId: conversation.userId } : {}),
  };
  await prisma.conversationReference.upsert({
    where: { platform_conversationId: { platform, conversationId } },
    create: { platform, conversationId, ...data },
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
    select: storedFields,
  });
}

/** The personal chat with a person, where the bot can message them directly; null if they never opened one. */
export async function findPersonalConversation(
  prisma: PrismaClient,
  platform: ChatPlatform,
  userId: string,
): Promise<StoredConversation | null> {
  return prisma.conversationReference.findFirst({
    where: { platform, userId, kind: "PERSONAL" },
    select: storedFields,
    orderBy: { updatedAt: "desc" },
  });
}

/** Forgets a conversation the bot was removed from; returns whether it was stored. */
export async function forgetConversationReference(
  prisma: PrismaClient,
  platform: ChatPlatform,
  conversationId: string,
): Promise<boolean> {
  const { count } = await prisma.conversationReference.deleteMany({ where: { platform, conversationId } });
  return count > 0;
}

export async function listConversationReferences(
  prisma: PrismaClient,
  platform: ChatPlatform,
): Promise<StoredConversation[]> {
  return prisma.conversationReference.findMany({
    where: { platform },
    select: storedFields,
    orderBy: { id: "asc" },
  });
}
