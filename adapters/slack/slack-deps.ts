import type { LimitFunction } from "p-limit";
import type { Core } from "../../src/app/start-core.js";
import type { Logger } from "../../src/shared/logger.js";
import type { ConversationMemory } from "./conversation-memory.js";

/** What every Slack listener gets. */
export interface SlackDeps {
  readonly core: Core;
  readonly logger: Logger;
  readonly conversations: ConversationMemory;
  /** Runs answers a few at a time (see answerInSlack). */
  readonly answering: LimitFunction;
}
