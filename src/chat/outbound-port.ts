import type { Reply } from "../conversation/reply.js";
import type { ChatPlatform } from "../generated/prisma/client.js";

/** A message the bot posted, precise enough to reply in its thread later. */
export interface PostedMessage {
  readonly platform: ChatPlatform;
  readonly conversationId: string;
  /** Slack message `ts`, Teams activity id. */
  readonly messageId: string;
  /** Where replies to it go: the message itself for a new thread, or the thread it joined. */
  readonly threadId: string;
}

/**
 * How the core posts without being asked (reminders, intake threads). Each chat adapter
 * implements it; the core never calls a chat SDK. Conversation ids are the platform's own
 * (Slack channel id, Teams conversation id) as stored with the conversation references.
 */
export interface OutboundPort {
  readonly platform: ChatPlatform;
  /** Posts a new message to a channel or chat; its `threadId` starts a thread. */
  postToConversation(conversationId: string, reply: Reply): Promise<PostedMessage>;
  /** Posts a reply in the thread of an earlier message. */
  replyInThread(thread: Pick<PostedMessage, "conversationId" | "threadId">, reply: Reply): Promise<PostedMessage>;
  /** Sends a person a direct message, by their platform user id. */
  notifyPerson(externalUserId: string, reply: Reply): Promise<PostedMessage>;
}

/** No adapter for the platform is running (not configured): callers say so instead of failing silently. */
export class PlatformNotConnectedError extends Error {
  constructor(readonly platform: ChatPlatform) {
    super(`iap-bot is not connected to ${platform}: configure it to post there.`);
    this.name = "PlatformNotConnectedError";
  }
}

/** The ports of the adapters this process runs, by platform. */
export class Outbound {
  readonly #ports = new Map<ChatPlatform, OutboundPort>();

  register(port: OutboundPort): void {
    this.#ports.set(port.platform, port);
  }

  connected(): ChatPlatform[] {
    return [...this.#ports.keys()];
  }

  port(platform: ChatPlatform): OutboundPort {
    const port = this.#ports.get(platform);
    if (!port) throw new PlatformNotConnectedError(platform);
    return port;
  }
}
