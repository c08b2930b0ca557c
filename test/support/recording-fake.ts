import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a fake answers a request with: always JSON. */
export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  /** Extra response headers, e.g. Retry-After on a 429. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A platform API faked on 127.0.0.1 (Slack Web API, Bot Connector): it records every call the
 * bot makes and lets a test wait for one, event-driven, without sleeping.
 */
export abstract class RecordingFake<Call> {
  readonly calls: Call[] = [];
  readonly #waiters = new Set<{ test: (call: Call) => boolean; resolve: (call: Call) => void }>();

  protected constructor(
    private readonly server: Server,
    /** The base URL the bot is pointed at. */
    readonly url: string,
  ) {}

  /** Answers one request whose body has been read; a throw becomes a 500 with `failure(error)`. */
  abstract handle(request: IncomingMessage, body: string): Promise<FakeResponse>;

  /** Resolves with the first call, past or future, that matches. */
  waitFor(test: (call: Call) => boolean): Promise<Call> {
    const seen = this.calls.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Keeps a call and wakes the tests waiting for one like it. */
  protected record(call: Call): void {
    this.calls.push(call);
    for (const waiter of this.#waiters) {
      if (waiter.test(call)) {
        this.#waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  }
}

/** Starts a fake on a free port: `create` builds it from the server and its base URL. */
export async function startRecordingFake<Fake extends Pick<RecordingFake<never>, "handle">>(
  create: (server: Server, origin: string) => Fake,
  failure: (error: Error) => unknown,
): Promise<Fake> {
  let fake: Fake | undefined;
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => fake!.handle(request, body))
      .then(
        ({ status, body, headers }) => {
          response.writeHead(status, { ...headers, "content-type": "application/json" });
          response.end(JSON.stringify(body));
        },
        (error: Error) => {
          response.writeHead(500, { "content-type": "application/json" });
          response.end(JSON.stringify(failure(error)));
        },
      );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  fake = create(server, `http://127.0.0.1:${port}`);
  return fake;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
