import type { SocketModeReceiver } from "@slack/bolt";
import { requestIdFrom, runWithRequest } from "../../src/shared/request-context.js";

/** What the Socket Mode client emits per envelope; only its id matters here. */
interface SocketModeEnvelope {
  readonly envelope_id?: unknown;
}

/**
 * Over Socket Mode a request is an envelope on the WebSocket, not an HTTP request with an
 * X-Request-Id: each is handled as the request named by its envelope id. Bolt's receiver listens
 * for `slack_event` on its client (from its constructor); that listener is wrapped, so Bolt's own
 * lines for the envelope carry the id too, not only ours.
 */
export function tagSocketModeEvents(receiver: SocketModeReceiver): void {
  const { client } = receiver;
  const listeners = client.listeners("slack_event") as ((envelope: SocketModeEnvelope) => unknown)[];
  client.removeAllListeners("slack_event");
  for (const listener of listeners) {
    client.on("slack_event", (envelope: SocketModeEnvelope) =>
      runWithRequest(requestIdFrom(envelope.envelope_id), () => listener(envelope), "SLACK"),
    );
  }
}
