import type { RequestHandler } from "express";

/**
 * Refuses a body over `limit` bytes from its Content-Length, before Bolt starts reading it. Bolt
 * would answer 413 too, but leave the unread body on a kept-alive connection, which breaks the
 * client's next request on it; closing the connection avoids that. A streamed body (no
 * Content-Length, which Slack never sends) is cut off by Bolt's reader at the same limit, so its
 * connection is marked to close in advance.
 */
export function limitBodySize(limit: number): RequestHandler {
  return (request, response, next) => {
    const declared = request.headers["content-length"];
    if (declared === undefined) {
      response.set("Connection", "close");
      next();
      return;
    }
    if (Number(declared) > limit) {
      response.set("Connection", "close");
      response.status(413).json({ error: "payload too large", message: `Slack requests are at most ${limit} bytes` });
      return;
    }
    next();
  };
}
