import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One call the bot made: a Web API method, or a post to a response_url (`method: "respond"`). */
export interface SlackApiCall {
  /** `chat.postMessage`, `views.publish`, …, or `respond`. */
  readonly method: string;
  /** For `respond`: the id at the end of `<fake>/respond/<id>`. */
  readonly responseId: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the arguments as sent; tests read what they assert on
  readonly body: any;
  readonly authorization: string | undefined;
}

/** What the fake answers a method with, instead of `{ ok: true }`: a platform error, or an HTTP status. */
export type FakeFailure = { readonly error: string } | { readonly status: number };

const BOT = {
  user_id: "UBOT",
  bot_id: "B1",
  team_id: "T1",
  team: "IAP",
  user: "iap-bot",
  url: "https://iap.slack.com/",
};

/**
 * The Slack Web API as far as the bot uses it, on 127.0.0.1: records every call and answers like
 * Slack (auth.test names bot UBOT; chat.postMessage returns a new ts). It also takes the posts
 * to response_urls: give slash commands and clicks `responseUrl(id)`.
 */
export class FakeSlackApi {
  readonly calls: SlackApiCall[] = [];
  readonly #waiters = new Set<{ test: (call: SlackApiCall) => boolean; resolve: (call: SlackApiCall) => void }>();
  readonly #failures = new Map<string, FakeFailure>();
  #messages = 0;

  private constructor(
    private readonly server: Server,
    /** The Web API base, as SLACK_API_URL. */
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((request, response) => {
      api!.handle(request).then(
        ({ status, body }) => {
          response.writeHead(status, { "content-type": "application/json" });
          response.end(JSON.stringify(body));
        },
        (error: Error) => {
          response.writeHead(500, { "content-type": "application/json" });
          response.end(JSON.stringify({ ok: false, error: error.message }));
        },
      );
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    api = new FakeSlackApi(server, `http://127.0.0.1:${port}/api/`);
    return api;
  }

  responseUrl(id: string): string {
    return new URL(`/respond/${encodeURIComponent(id)}`, this.url).toString();
  }

  /** Resolves with the first call, past or future, that matches. */
  waitFor(test: (call: SlackApiCall) => boolean): Promise<SlackApiCall> {
    const seen = this.calls.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }

  /** Calls of one method; `respond` for response_url posts. */
  callsOf(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Answers every later call of `method` with `failure` (until `succeed`). */
  fail(method: string, failure: FakeFailure): void {
    this.#failures.set(method, failure);
  }

  succeed(method: string): void {
    this.#failures.delete(method);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = new URL(request.url ?? "/", this.url).pathname;
    const respond = /^\/respond\/([^/]+)$/.exec(path);
    const method = respond ? "respond" : path.replace(/^\/api\//, "");
    const call: SlackApiCall = {
      method,
      responseId: respond ? decodeURIComponent(respond[1]!) : null,
      body: parseBody(raw, request.headers["content-type"]),
      authorization: request.headers.authorization,
    };
    this.calls.push(call);
    for (const waiter of this.#waiters) {
      if (waiter.test(call)) {
        this.#waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
    const failure = this.#failures.get(method);
    if (failure && "status" in failure) return { status: failure.status, body: { ok: false } };
    if (failure) return { status: 200, body: { ok: false, error: failure.error } };
    return { status: 200, body: this.answer(call) };
  }

  private answer(call: SlackApiCall): unknown {
    switch (call.method) {
      case "auth.test":
        return { ok: true, ...BOT };
      case "chat.postMessage":
        this.#messages += 1;
        return {
          ok: true,
          channel: call.body.channel,
          ts: `1767225600.${String(this.#messages).padStart(6, "0")}`,
          message: { text: call.body.text },
        };
      case "conversations.open":
        return { ok: true, channel: { id: "D1" } };
      case "views.publish":
        return { ok: true, view: { id: "V1", ...call.body.view } };
      default:
        return { ok: true };
    }
  }
}

/**
 * The Web API client sends form fields, with structured ones (blocks, view) as JSON strings;
 * response_urls get JSON. Either way tests see objects.
 */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith("application/json")) return raw ? JSON.parse(raw) : {};
  const fields: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    fields[name] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return fields;
}
