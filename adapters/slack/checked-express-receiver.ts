import { ExpressReceiver, type ExpressReceiverOptions } from "@slack/bolt";
import type { Request, Response } from "express";
import type { Logger } from "../../src/shared/logger.js";
import { runAsRequestOf } from "../server/request-id.js";
import { checkInboundRequest } from "./inbound-request.js";

/**
 * Bolt's ExpressReceiver with one step added between its signature check and its dispatch:
 * `requestHandler` runs after Bolt has verified the signature and parsed the body (bad signature
 * or stale timestamp: 401; unreadable body: 400; over the body limit: 413), so this sees only
 * authentic requests, and turns the malformed ones into a 400 instead of a Bolt timeout or crash.
 */
export class CheckedExpressReceiver extends ExpressReceiver {
  constructor(
    options: ExpressReceiverOptions,
    private readonly log: Logger,
  ) {
    super(options);
  }

  /** Runs as the HTTP request (its X-Request-Id), which Bolt's body parsing may have left: see runAsRequestOf. */
  override requestHandler(request: Request, response: Response): Promise<void> {
    return runAsRequestOf(response, "SLACK", () => this.checkAndDispatch(request, response));
  }

  private async checkAndDispatch(request: Request, response: Response): Promise<void> {
    const check = checkInboundRequest(request.body);
    if (check.kind === "invalid") {
      this.log.warn({ path: request.path, problem: check.problem }, "malformed Slack request");
      response.status(400).json({ error: "malformed Slack request", message: check.problem });
      return;
    }
    if (check.kind === "rate-limited") {
      this.log.warn("Slack dropped events because the app answered too slowly (app_rate_limited)");
      response.status(200).end();
      return;
    }
    await super.requestHandler(request, response);
  }
}
