import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";

/** Liveness: a stopping process is still alive, and restarting it would cut the answers it is finishing. */
const STILL_ANSWERED = new Set(["/healthz"]);

/**
 * The first middleware of the bot's HTTP app. Once `close()` is called, /readyz and every new
 * request get a 503 with `Connection: close` (the load balancer takes the replica out; Slack and
 * Teams see a failure they retry elsewhere rather than an acceptance that is dropped), and the
 * responses still to be written close their connection: `server.close()` neither refuses requests
 * on kept-alive connections nor closes them before their keep-alive timeout.
 */
export interface ShutdownGate {
  readonly middleware: RequestHandler;
  readonly closed: boolean;
  close(): void;
}

export function createShutdownGate(): ShutdownGate {
  const unanswered = new Set<ServerResponse>();
  let closed = false;
  const middleware: RequestHandler = (request, response, next) => {
    if (closed) {
      response.setHeader("Connection", "close");
      if (STILL_ANSWERED.has(request.path)) {
        next();
        return;
      }
      response.status(503).json({ status: "stopping", error: "this instance is shutting down; try again" });
      return;
    }
    unanswered.add(response);
    response.on("close", () => unanswered.delete(response));
    next();
  };
  return {
    middleware,
    get closed() {
      return closed;
    },
    close() {
      closed = true;
      for (const response of unanswered) if (!response.headersSent) response.setHeader("Connection", "close");
    },
  };
}
