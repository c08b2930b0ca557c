import { RateLimiterRes } from "rate-limiter-flexible";
import type { Reply } from "../conversation/reply.js";
import type { ChatPlatform, PrismaClient } from "../generated/prisma/client.js";
import { readIntakeFormId } from "../intake/intake-forms.js";
import type { Logger } from "../shared/logger.js";
import { AtomicRateLimiter } from "./atomic-rate-limiter.js";

/** How many of each a sender may make per window; 0 turns that limit off. */
export interface RateLimitSettings {
  readonly questionsPerUserPerMinute: number;
  readonly questionsPerConversationPerMinute: number;
  readonly submissionsPerUserPerHour: number;
}

/** Go ahead, or wait this long before the next one is accepted. */
export type RateLimitVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/**
 * Per-user and per-conversation limits on questions and intake submissions, so one person (or a
 * script) cannot keep the bot and its database busy for everyone else. Counters live in the
 * database (RateLimitCounter), so several bot processes behind a load balancer share them.
 *
 * A limiter is never the reason a question goes unanswered: when the database cannot count, the
 * request goes through and a warning is logged. The console (CONSOLE) is the server's operator
 * and is never limited.
 */
export interface RateLimits {
  /** Counts a question against its sender and its conversation. */
  checkQuestion(platform: ChatPlatform, userId: string, conversationId: string): Promise<RateLimitVerdict>;
  /** Counts a submission (a proposal, a comment) against its sender. */
  checkSubmission(platform: ChatPlatform, userId: string): Promise<RateLimitVerdict>;
  /** Gives back a counted submission that recorded nothing (a form with problems, a refusal). */
  refundSubmission(platform: ChatPlatform, userId: string): Promise<void>;
  /** Deletes windows that ended over an hour ago; returns how many. */
  pruneExpired(): Promise<number>;
}

export interface RateLimitDeps {
  readonly prisma: PrismaClient;
  readonly logger: Logger;
  readonly settings: RateLimitSettings;
}

const OK: RateLimitVerdict = { ok: true };
const MINUTE_SECONDS = 60;
const HOUR_SECONDS = 60 * 60;
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/** Wires the three limits onto the database; a limit of 0 makes no limiter at all. */
export function createRateLimits(deps: RateLimitDeps): RateLimits {
  const { prisma, logger, settings } = deps;
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    points > 0 ? new AtomicRateLimiter({ prisma, keyPrefix, points, duration }) : null;
  const perUser = limiter("question-user", settings.questionsPerUserPerMinute, MINUTE_SECONDS);
  const perConversation = limiter("question-conversation", settings.questionsPerConversationPerMinute, MINUTE_SECONDS);
  const submissions = limiter("submission-user", settings.submissionsPerUserPerHour, HOUR_SECONDS);

  /** One point from `key`; a store failure lets the request through. */
  async function consume(rateLimiter: AtomicRateLimiter | null, key: string): Promise<RateLimitVerdict> {
    if (!rateLimiter) return OK;
    try {
      await rateLimiter.consume(key);
      return OK;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
      }
      logger.warn(
        { err: outcome, limit: rateLimiter.keyPrefix, key },
        "could not count a request against its rate limit; letting it through",
      );
      return OK;
    }
  }

  return {
    async checkQuestion(platform, userId, conversationId) {
      if (platform === "CONSOLE") return OK;
      const verdicts = await Promise.all([
        consume(perUser, `${platform}:${userId}`),
        consume(perConversation, `${platform}:${conversationId}`),
      ]);
      return longestWait(verdicts);
    },
    checkSubmission: (platform, userId) =>
      platform === "CONSOLE" ? Promise.resolve(OK) : consume(submissions, `${platform}:${userId}`),
    async refundSubmission(platform, userId) {
      if (platform === "CONSOLE" || !submissions) return;
      await submissions.reward(`${platform}:${userId}`).catch((error: unknown) => {
        logger.warn(
          { err: error, limit: submissions.keyPrefix },
          "could not give back a submission's rate-limit point",
        );
      });
    },
    async pruneExpired() {
      // The limiter stamps windows with the system clock (Date.now), not the core's clock: so must this.
      const { count } = await prisma.rateLimitCounter.deleteMany({
        where: { expire: { lt: new Date(Date.now() - PRUNE_AFTER_MS) } },
      });
      return count;
    },
  };
}

function longestWait(verdicts: readonly RateLimitVerdict[]): RateLimitVerdict {
  const waits = verdicts.flatMap((verdict) => (verdict.ok ? [] : [verdict.retryAfterSeconds]));
  return waits.length === 0 ? OK : { ok: false, retryAfterSeconds: Math.max(...waits) };
}

/**
 * Forms whose submission creates something (a new request, a comment), which the submission
 * limit counts. Workflow steps are not counted: only the request's staff can take them, once
 * per version of the request.
 */
export function isLimitedSubmission(formId: string): boolean {
  const form = readIntakeFormId(formId)?.form;
  return form === "new" || form === "comment";
}

/** The reply to a question over the limit: says to slow down and for how long, rather than silence. */
export function questionsLimitedReply(retryAfterSeconds: number): Reply {
  return {
    kind: "refused",
    text: `You are sending questions faster than I can answer. Wait ${describeWait(retryAfterSeconds)} and ask again.`,
  };
}

/** The reply to a submission over the limit: nothing was recorded, and when to send it again. */
export function submissionsLimitedReply(retryAfterSeconds: number): Reply {
  return {
    kind: "refused",
    text:
      "You have sent more requests and comments in the last hour than I accept, so this one was not recorded. " +
      `Wait ${describeWait(retryAfterSeconds)} and send it again.`,
  };
}

/** "40 seconds", "1 second", "12 minutes": minutes past a minute and a half, rounded up. */
function describeWait(seconds: number): string {
  if (seconds <= 90) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
