import type { IncomingMessage } from "node:http";
import { type FakeResponse, RecordingFake, startRecordingFake } from "./recording-fake.js";

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
export type FakeFailure = { readonly error: string } | { readonly status: number; readonly retryAfterSeconds?: number };

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
export interface FakeSlackApiOptions {
  /** The DM channel conversations.open answers for a person; "D1" for everyone unless given. */
  readonly directMessageChannel?: (userId: string) => string;
}

export class FakeSlackApi extends RecordingFake<SlackApiCall> {
  readonly #failures = new Map<string, FakeFailure>();
  readonly #queued = new Map<string, FakeFailure[]>();
  readonly #held = new Map<string, Promise<void>>();
  #messages = 0;
  #directMessageChannel: (userId: string) => string = () => "D1";

  static async start(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
    const api = await startRecordingFake(
      (server, origin) => new FakeSlackApi(server, `${origin}/api/`),
      (error) => ({ ok: false, error: error.message }),
    );
    if (options.directMessageChannel) api.#directMessageChannel = options.directMessageChannel;
    return api;
  }

  responseUrl(id: string): string {
    return new URL(`/respond/${encodeURIComponent(id)}`, this.url).toString();
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

  /** Answers the next calls of `method` with these failures, one each, then as usual. */
  failNext(method: string, ...failures: FakeFailure[]): void {
    this.#queued.set(method, [...(this.#queued.get(method) ?? []), ...failures]);
  }

  /**
   * Slack slow just then: later calls of `method` are recorded at once but answered only when the
   * returned function is called, so a test knows the bot is waiting on them.
   */
  hold(method: string): () => void {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#held.set(method, held);
    return () => {
      if (this.#held.get(method) === held) this.#held.delete(method);
      release();
    };
  }

  async handle(request: IncomingMessage, raw: string): Promise<FakeResponse> {
    const path = new URL(request.url ?? "/", this.url).pathname;
    const respond = /^\/respond\/([^/]+)$/.exec(path);
    const method = respond ? "respond" : path.replace(/^\/api\//, "");
    const call: SlackApiCall = {
      method,
      responseId: respond ? decodeURIComponent(respond[1]!) : null,
      body: parseBody(raw, request.headers["content-type"]),
      authorization: request.headers.authorization,
    };
    this.record(call);
    await this.#held.get(method);
    const failure = this.#queued.get(method)?.shift() ?? this.#failures.get(method);
    if (failure && "status" in failure) {
      return {
        status: failure.status,
        body: { ok: false },
        ...(failure.retryAfterSeconds === undefined
          ? {}
          : { headers: { "retry-after": String(failure.retryAfterSeconds) } }),
      };
    }
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
        return { ok: true, channel: { id: this.#directMessageChannel(String(call.body.users)) } };
      case "views.open":
        return { ok: true, view: { id: `V${this.calls.length}`, ...call.body.view } };
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
