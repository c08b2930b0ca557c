import type { RequestHandler, Response } from "express";
import type { ChatPlatform } from "../../src/generated/prisma/client.js";
import { requestIdFrom, runWithRequest } from "../../src/shared/request-context.js";

const REQUEST_ID_HEADER = "X-Request-Id";

/**
 * Gives every HTTP request an id, for its log lines and its answer: a load balancer's
 * X-Request-Id is reused (so its access log and ours join up), else a random one. The id is
 * echoed as the X-Request-Id response header, and the rest of the request runs with it.
 */
export function tagRequests(): RequestHandler {
  return (request, response, next) => {
    const requestId = requestIdFrom(request.get(REQUEST_ID_HEADER));
    response.set(REQUEST_ID_HEADER, requestId);
    runWithRequest(requestId, next);
  };
}

/**
 * Runs `work` as the request tagRequests gave `response`. The request context does not survive
 * every body parser (one that reads the body through stream callbacks continues outside it), so
 * a platform's handler enters it again, and names the platform. Without the header, a new id.
 */
export function runAsRequestOf<T>(response: Response, platform: ChatPlatform, work: () => T): T {
  return runWithRequest(requestIdFrom(response.get(REQUEST_ID_HEADER)), work, platform);
}
