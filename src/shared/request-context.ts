import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ChatPlatform } from "../generated/prisma/client.js";

/** How a request ended, as its summary line says: answered, dropped as a redelivery, or failed (an apology was sent, or it threw). */
export type RequestOutcome = "handled" | "redelivery" | "failed";

/** The request whose work is running: an inbound chat request, a CLI command, a scheduler tick. */
export interface RequestContext {
  /** Carried by every log line written while the request runs (see createLogger's mixin). */
  readonly requestId: string;
  /** The chat platform it came from; none for scheduler ticks and outbox drains. */
  readonly platform: ChatPlatform | undefined;
  /** Set by the code that learns it (deduplication, the failure reply); read by the adapter's summary line. */
  outcome: RequestOutcome;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * A request id from outside (a load balancer's X-Request-Id, a Socket Mode envelope id) is reused
 * only if it looks like one: it goes into every log line, so no spaces, quotes or control characters.
 */
const RequestIdSchema = z
  .string()
  .trim()
  .regex(/^[\w.:@-]{1,128}$/);

/**
 * Runs `work` as the request `requestId`: everything it starts, awaits or schedules (promises,
 * timers, queued answers) logs with that id, without a logger being passed down. Nested calls
 * start a new request: the innermost id wins.
 */
export function runWithRequest<T>(requestId: string, work: () => T, platform?: ChatPlatform): T {
  return storage.run({ requestId, platform, outcome: "handled" }, work);
}

/** The id of the request running now, or undefined outside any (start-up, shutdown). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The request running now, for its adapter's summary line. */
export function currentRequest(): Readonly<RequestContext> | undefined {
  return storage.getStore();
}

/**
 * Records how the running request ended, for its summary line: a delivery dropped as a redelivery,
 * or one that failed although the person got an answer (an apology). Outside a request, nothing.
 */
export function markRequest(outcome: Exclude<RequestOutcome, "handled">): void {
  const request = storage.getStore();
  if (request) request.outcome = outcome;
}

/** `given` when it is a usable request id (see RequestIdSchema), else a fresh random one. */
export function requestIdFrom(given: unknown): string {
  const parsed = RequestIdSchema.safeParse(given);
  return parsed.success ? parsed.data : randomUUID();
}
