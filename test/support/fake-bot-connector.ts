import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

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
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  readonly #waiters = new Set<{ test: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }>();
  #count = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeBotConnector> {
    let connector: FakeBotConnector | undefined;
    const server = createServer((request, response) => {
      connector!.handle(request).then(
        ({ status, body }) => {
          response.writeHead(status, { "content-type": "application/json" });
          response.end(JSON.stringify(body));
        },
        (error: Error) => {
          response.writeHead(500, { "content-type": "application/json" });
          response.end(JSON.stringify({ error: { code: "FakeConnectorError", message: error.message } }));
        },
      );
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    connector = new FakeBotConnector(server, `http://127.0.0.1:${port}/`);
    return connector;
  }

  /** Resolves with the first call, past or future, that matches. */
  waitFor(test: (call: ConnectorCall) => boolean): Promise<ConnectorCall> {
    const seen = this.calls.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }

  /** Calls that posted into the conversation (or one of its channel threads). */
  callsTo(conversationId: string): ConnectorCall[] {
    return this.calls.filter((call) => call.conversationId.split(";messageid=")[0] === conversationId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
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
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      headers: request.headers,
      answeredId: `connector-activity-${this.#count}`,
    };
    this.calls.push(call);
    for (const waiter of this.#waiters) {
      if (waiter.test(call)) {
        this.#waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
    return { status: 200, body: { id: call.answeredId } };
  }
}
