import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import { z } from "zod";
import type { StoredConversation } from "../../src/chat/conversation-references.js";
import type { ConversationKind } from "../../src/generated/prisma/client.js";
import { teamsUserId } from "./inbound-text.js";

/**
 * A message in a channel thread arrives with the thread in its conversation id
 * ("19:…@thread.tacv2;messageid=1700000000000"); the channel itself is the part before it.
 */
const THREAD_SUFFIX = /;messageid=(.*)$/;

export const channelConversationId = (conversationId: string) => conversationId.replace(THREAD_SUFFIX, "");

/** The id of the post that started the channel thread a conversation id names; null outside a thread. */
export const threadOfConversationId = (conversationId: string): string | null =>
  THREAD_SUFFIX.exec(conversationId)?.[1] || null;

/** The conversation id that posts into the thread started by message `threadId` of a channel. */
export const threadConversationId = (conversationId: string, threadId: string) =>
  `${channelConversationId(conversationId)};messageid=${threadId}`;

function conversationKind(conversationType: string | undefined): ConversationKind {
  if (conversationType === "channel") return "CHANNEL";
  if (conversationType === "groupChat") return "GROUP";
  return "PERSONAL";
}

/**
 * Where to post in this activity's conversation later, as the core stores it. Channels are
 * stored without the thread, so a later post starts a new thread; the reference carries no
 * `activityId`, which would turn every later post into a reply to this one message.
 */
export function conversationToRemember(activity: Activity): StoredConversation {
  const conversationId = channelConversationId(activity.conversation.id);
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity);
  const kind = conversationKind(activity.conversation.conversationType);
  return {
    platform: "TEAMS",
    conversationId,
    kind,
    title: activity.conversation.name ?? null,
    // The same id the core knows the person by (answerChat), so notifyPerson finds their chat.
    userId: kind === "PERSONAL" ? teamsUserId(activity.from) : null,
    reference: { ...reference, conversation: { ...activity.conversation, id: conversationId } },
  };
}

const StoredReferenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  bot: z.looseObject({ id: z.string().min(1) }),
  user: z.looseObject({ id: z.string().min(1), aadObjectId: z.string().optional() }).optional(),
});
export type StoredReference = z.infer<typeof StoredReferenceSchema> & Partial<ConversationReference>;

/** Reads back a reference this adapter stored; null for one written by something else (or damaged). */
export function readStoredReference(reference: unknown): StoredReference | null {
  const result = StoredReferenceSchema.safeParse(reference);
  return result.success ? (result.data as StoredReference) : null;
}
