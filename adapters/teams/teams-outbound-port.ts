import type { CloudAdapter } from "botbuilder";
import type { Core } from "../../src/app/start-core.js";
import type { OutboundPort, PostedMessage } from "../../src/chat/outbound-port.js";
import type { Reply } from "../../src/conversation/reply.js";
import {
  channelConversationId,
  readStoredReference,
  type StoredReference,
  threadConversationId,
} from "./conversation-reference.js";
import { conversationUnknown, personUnknown, TeamsDeliveryError, toTeamsDeliveryError } from "./errors.js";
import { renderReplyActivity } from "./render-card.js";

export interface TeamsOutboundDeps {
  readonly adapter: CloudAdapter;
  /** The bot's Microsoft app id; empty in unauthenticated local mode. */
  readonly appId: string;
  readonly core: Pick<Core, "findConversation" | "findPersonalConversation">;
}

/**
 * Posts without being asked, the way Bot Framework bots do: from a conversation reference stored
 * when the bot was added or last spoken to, through `continueConversationAsync`.
 */
export function createTeamsOutboundPort(deps: TeamsOutboundDeps): OutboundPort {
  async function send(reference: StoredReference, reply: Reply): Promise<string> {
    let messageId: string | undefined;
    try {
      await deps.adapter.continueConversationAsync(deps.appId, reference, async (context) => {
        // The SDK addresses a proactive message as a reply to the made-up id of its continuation
        // activity; what is meant is a new message, sent to the conversation (or thread) itself.
        context.onSendActivities(async (_context, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
        messageId = (await context.sendActivity(renderReplyActivity(reply)))?.id;
      });
    } catch (error) {
      throw toTeamsDeliveryError(error, reference.conversation.id);
    }
    if (!messageId) {
      throw new TeamsDeliveryError(
        "failed",
        `Teams returned no message id posting to ${reference.conversation.id}`,
        "Posting to Teams failed.",
      );
    }
    return messageId;
  }

  async function stored(conversationId: string) {
    const conversation = await deps.core.findConversation("TEAMS", channelConversationId(conversationId));
    const reference = readStoredReference(conversation?.reference);
    if (!conversation || !reference) throw conversationUnknown(conversationId);
    return { kind: conversation.kind, reference };
  }

  return {
    platform: "TEAMS",

    async postToConversation(conversationId, reply): Promise<PostedMessage> {
      const { reference } = await stored(conversationId);
      const messageId = await send(reference, reply);
      // In a channel a new post starts a thread named by its own id; chats have no threads.
      return { platform: "TEAMS", conversationId: reference.conversation.id, messageId, threadId: messageId };
    },

    async replyInThread(thread, reply): Promise<PostedMessage> {
      const { kind, reference } = await stored(thread.conversationId);
      const target =
        kind === "CHANNEL"
          ? {
              ...reference,
              conversation: {
                ...reference.conversation,
                id: threadConversationId(reference.conversation.id, thread.threadId),
              },
            }
          : reference;
      const messageId = await send(target, reply);
      return { platform: "TEAMS", conversationId: reference.conversation.id, messageId, threadId: thread.threadId };
    },

    async notifyPerson(externalUserId, reply): Promise<PostedMessage> {
      // A bot can only message someone in a personal chat that exists: the app installed for them, or them writing first.
      const stored = await deps.core.findPersonalConversation("TEAMS", externalUserId);
      const reference = stored ? readStoredReference(stored.reference) : null;
      if (!reference) throw personUnknown(externalUserId);
      const messageId = await send(reference, reply);
      return { platform: "TEAMS", conversationId: reference.conversation.id, messageId, threadId: messageId };
    },
  };
}
