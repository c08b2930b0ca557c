import type { Core } from "../../src/app/start-core.js";
import type { ConversationKind } from "../../src/generated/prisma/client.js";
import type { Logger } from "../../src/shared/logger.js";

/** Where a Slack conversation is, as the outbound port and the core store it. */
export interface SlackConversation {
  readonly channel: string;
  readonly team: string | null;
  /** Slack's `channel_type` when the event has one (`im`, `mpim`, `channel`, `group`). */
  readonly channelType?: string | undefined;
  /** For a direct message: the person. */
  readonly userId?: string | undefined;
}

export interface ConversationMemory {
  /** Stores the conversation once per process; a failure is logged, never allowed to hold up an answer. */
  remember(conversation: SlackConversation): Promise<void>;
  /** The bot left or was removed from the channel. */
  forget(channel: string): Promise<void>;
}

/** DM channel ids start with D; multi-person DMs say `mpim`; everything else is a channel, public or private. */
function conversationKind(conversation: SlackConversation): ConversationKind {
  if (conversation.channelType === "im" || conversation.channel.startsWith("D")) return "PERSONAL";
  if (conversation.channelType === "mpim") return "GROUP";
  return "CHANNEL";
}

/**
 * Records where the bot is (to post there later) without a database write per message: a
 * conversation seen once by this process is not written again until the bot leaves it.
 */
export function createConversationMemory(core: Core, logger: Logger): ConversationMemory {
  const remembered = new Set<string>();
  return {
    async remember(conversation) {
      if (remembered.has(conversation.channel)) return;
      const kind = conversationKind(conversation);
      try {
        await core.rememberConversation({
          platform: "SLACK",
          conversationId: conversation.channel,
          kind,
          title: null,
          userId: kind === "PERSONAL" ? conversation.userId : null,
          reference: { channel: conversation.channel, team: conversation.team },
        });
        remembered.add(conversation.channel);
      } catch (error) {
        logger.warn({ err: error, channel: conversation.channel }, "could not remember the Slack conversation");
      }
    },
    async forget(channel) {
      remembered.delete(channel);
      await core.forgetConversation("SLACK", channel);
    },
  };
}
