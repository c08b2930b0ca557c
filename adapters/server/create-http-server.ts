import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../src/shared/logger.js";

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/**
 * The one HTTP server of the bot process. Platform adapters mount their endpoints here
 * (Slack at /slack/events, Teams at /api/messages, from the next issue on).
 */
export function createHttpServer(routes: Record<string, RouteHandler>, logger: Logger): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const route = routes[`${request.method} ${path}`];
    if (!route) {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    Promise.resolve(route(request, response)).catch((error: unknown) => {
      logger.error({ err: error, path }, "request failed");
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "internal error" }));
    });
  });
}

export function healthRoute(): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
  };
}
