import type { IncomingMessage } from "node:http";
import { type FakeResponse, RecordingFake, startRecordingFake } from "./recording-fake.js";

/** One call the bot made to the Bot Connector REST API. */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  /** Decoded from the path: the conversation the activity was posted to. */
  readonly conversationId: string;
  /** Set on replies (`POST /v3/conversations/:id/activities/:activityId`). */
  readonly replyToId: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the activity JSON as sent; tests read what they assert on
  readonly body: any;
  readonly headers: IncomingMessage["headers"];
  /** The id this fake answered with, as Teams would. */
  readonly answeredId: string;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/**
 * The Bot Connector service as far as the bot uses it: sending to a conversation and replying to
 * an activity. Point an activity's `serviceUrl` at `url` and the SDK posts its answers here.
 */
export class FakeBotConnector extends RecordingFake<ConnectorCall> {
  #count = 0;

  static start(): Promise<FakeBotConnector> {
    return startRecordingFake(
      (server, origin) => new FakeBotConnector(server, `${origin}/`),
      (error) => ({ error: { code: "FakeConnectorError", message: error.message } }),
    );
  }

  /** Calls that posted into the conversation (or one of its channel threads). */
  callsTo(conversationId: string): ConnectorCall[] {
    return this.calls.filter((call) => call.conversationId.split(";messageid=")[0] === conversationId);
  }

  async handle(request: IncomingMessage, body: string): Promise<FakeResponse> {
    const path = new URL(request.url ?? "/", this.url).pathname;
    const match = ACTIVITIES.exec(path);
    if (request.method !== "POST" || !match) {
      return { status: 404, body: { error: { code: "NotFound", message: `${request.method} ${path}` } } };
    }
    this.#count += 1;
    const call: ConnectorCall = {
      method: request.method,
      path,
      conversationId: decodeURIComponent(match[1]!),
      replyToId: match[2] === undefined ? null : decodeURIComponent(match[2]),
      body: JSON.parse(body),
      headers: request.headers,
      answeredId: `connector-activity-${this.#count}`,
    };
    this.record(call);
    return { status: 200, body: { id: call.answeredId } };
  }
}
