import type { webApi } from "@slack/bolt";
import type { OutboundPort, PostedMessage } from "../../src/chat/outbound-port.js";
import type { Reply } from "../../src/conversation/reply.js";
import { SlackDeliveryError, toSlackDeliveryError } from "./errors.js";
import { renderMessage } from "./render-blocks.js";

/**
 * Posts a reply with chat.postMessage. Links in the data are not unfurled: a registry answer
 * should not grow previews of the documents it cites.
 */
export async function postReply(
  client: webApi.WebClient,
  target: { readonly channel: string; readonly threadTs?: string | undefined },
  reply: Reply,
): Promise<{ channel: string; ts: string }> {
  let result: webApi.ChatPostMessageResponse;
  try {
    result = await client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      ...renderMessage(reply),
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    throw toSlackDeliveryError(error, target.channel);
  }
  if (!result.ts) {
    throw new SlackDeliveryError(
      "failed",
      `Slack returned no ts posting to ${target.channel}`,
      "Posting to Slack failed.",
    );
  }
  return { channel: result.channel ?? target.channel, ts: result.ts };
}

/** Posts a reply only `user` sees, in a channel (and thread); Slack refuses it where the bot is not a member. */
export async function postEphemeralReply(
  client: webApi.WebClient,
  target: { readonly channel: string; readonly user: string; readonly threadTs?: string | undefined },
  reply: Reply,
): Promise<void> {
  try {
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      ...renderMessage(reply),
    });
  } catch (error) {
    throw toSlackDeliveryError(error, target.channel);
  }
}

/** Opens (or finds) the direct message channel with a person; Slack returns the same one each time. */
export async function openDirectMessage(client: webApi.WebClient, userId: string): Promise<string> {
  let channel: string | undefined;
  try {
    channel = (await client.conversations.open({ users: userId })).channel?.id;
  } catch (error) {
    throw toSlackDeliveryError(error, userId);
  }
  if (!channel) {
    throw new SlackDeliveryError(
      "failed",
      `Slack opened no DM with ${userId}`,
      "Messaging that person on Slack failed.",
    );
  }
  return channel;
}

/**
 * How the core posts to Slack unasked. Slack needs no stored reference for that: a channel id and
 * the bot token are enough, provided the bot is a member (invited) — Slack says `not_in_channel` otherwise.
 */
export function createSlackOutboundPort(client: webApi.WebClient): OutboundPort {
  return {
    platform: "SLACK",

    async postToConversation(conversationId, reply): Promise<PostedMessage> {
      const posted = await postReply(client, { channel: conversationId }, reply);
      return { platform: "SLACK", conversationId: posted.channel, messageId: posted.ts, threadId: posted.ts };
    },

    async replyInThread(thread, reply): Promise<PostedMessage> {
      const posted = await postReply(client, { channel: thread.conversationId, threadTs: thread.threadId }, reply);
      return { platform: "SLACK", conversationId: posted.channel, messageId: posted.ts, threadId: thread.threadId };
    },

    async notifyPerson(externalUserId, reply): Promise<PostedMessage> {
      const channel = await openDirectMessage(client, externalUserId);
      const posted = await postReply(client, { channel }, reply);
      return { platform: "SLACK", conversationId: posted.channel, messageId: posted.ts, threadId: posted.ts };
    },
  };
}
