import { once } from "node:events";
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { FakeSlackApi } from "./fake-slack-api.js";
import type { SlackRequest } from "./slack-requests.js";

/** An `apps.connections.open` call: the app-level token it came with, and the ticket it was given. */
export interface ConnectionOpen {
  readonly authorization: string | undefined;
  readonly ticket: string;
}

/** What the app sends back on the socket for an envelope: its id, and the ack's response payload. */
export interface SocketModeAck {
  readonly envelope_id: string;
  // biome-ignore lint/suspicious/noExplicitAny: the payload as sent; tests read what they assert on
  readonly payload?: any;
}

/** Slack's redelivery of an events_api envelope, as `retry_attempt` and `retry_reason`. */
export interface DeliveryOptions {
  readonly retryAttempt?: number;
  readonly retryReason?: string;
}

/**
 * Slack's Socket Mode on 127.0.0.1, in front of a FakeSlackApi: give the app its `url` as
 * SLACK_API_URL. It answers `apps.connections.open` with a one-time ws:// URL and forwards every
 * other Web API call to the FakeSlackApi, which records them. On the socket it says `hello`, then
 * delivers requests built with slack-requests.ts wrapped in envelopes, and takes the acks.
 */
export class FakeSocketMode {
  readonly opens: ConnectionOpen[] = [];
  readonly acks: SocketModeAck[] = [];
  readonly #tickets = new Set<string>();
  readonly #ackWaiters = new Map<string, (ack: SocketModeAck) => void>();
  readonly #connection = deferred<WebSocket>();
  readonly #closing = deferred<number>();
  #socket: WebSocket | null = null;
  #sequence = 0;

  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    /** The Web API base, as SLACK_API_URL. */
    readonly url: string,
  ) {}

  static async start(api: FakeSlackApi): Promise<FakeSocketMode> {
    let fake: FakeSocketMode | undefined;
    const server = createServer((request, response) => fake!.handle(request, response, api));
    const sockets = new WebSocketServer({ noServer: true });
    server.on("upgrade", (request, socket, head) => {
      const ticket = new URL(request.url ?? "/", fake!.url).searchParams.get("ticket") ?? "";
      // Like Slack's, a URL from apps.connections.open is good for one connection.
      if (!fake!.#tickets.delete(ticket)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
        return;
      }
      sockets.handleUpgrade(request, socket, head, (websocket) => fake!.accept(websocket));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    fake = new FakeSocketMode(server, sockets, `http://127.0.0.1:${port}/api/`);
    return fake;
  }

  /** Resolves with the app's first WebSocket connection, once Slack has said hello on it. */
  connected(): Promise<WebSocket> {
    return this.#connection.promise;
  }

  /** Resolves with the close code of the app's first connection once it has closed. */
  closed(): Promise<number> {
    return this.#closing.promise;
  }

  /**
   * Sends `request` to the app in the envelope Slack would use (slash_commands, interactive or
   * events_api) and resolves with the app's ack of it.
   */
  deliver(request: SlackRequest, options: DeliveryOptions = {}): Promise<SocketModeAck> {
    const socket = this.#socket;
    if (!socket) throw new Error("no app is connected to the fake Socket Mode");
    this.#sequence += 1;
    const envelopeId = `envelope-${this.#sequence}`;
    const acked = new Promise<SocketModeAck>((resolve) => this.#ackWaiters.set(envelopeId, resolve));
    socket.send(JSON.stringify(envelopeOf(request, envelopeId, options)));
    return acked;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.clients) socket.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse, api: FakeSlackApi): void {
    const path = new URL(request.url ?? "/", this.url).pathname;
    if (path === "/api/apps.connections.open") {
      this.#sequence += 1;
      const ticket = `ticket-${this.#sequence}`;
      this.#tickets.add(ticket);
      this.opens.push({ authorization: request.headers.authorization, ticket });
      const { port } = this.server.address() as AddressInfo;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=A1` }));
      request.resume();
      return;
    }
    const upstream = forward(
      new URL(request.url ?? "/", api.url),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  }

  private accept(socket: WebSocket): void {
    this.#socket = socket;
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as SocketModeAck;
      this.acks.push(message);
      this.#ackWaiters.get(message.envelope_id)?.(message);
      this.#ackWaiters.delete(message.envelope_id);
    });
    socket.on("close", (code) => {
      if (this.#socket === socket) this.#socket = null;
      this.#closing.resolve(code);
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: "A1" },
      }),
    );
    this.#connection.resolve(socket);
  }
}

/**
 * The envelope Slack wraps a request in over Socket Mode: the same fields as over HTTP, with
 * slash commands as an object of strings and a click's `payload` parsed.
 */
function envelopeOf(request: SlackRequest, envelopeId: string, options: DeliveryOptions): Record<string, unknown> {
  if (request.contentType === "application/json") {
    return {
      envelope_id: envelopeId,
      type: "events_api",
      payload: JSON.parse(request.body),
      accepts_response_payload: false,
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryReason ?? "",
    };
  }
  const fields = Object.fromEntries(new URLSearchParams(request.body));
  if (fields.payload !== undefined) {
    return {
      envelope_id: envelopeId,
      type: "interactive",
      payload: JSON.parse(fields.payload),
      accepts_response_payload: false,
    };
  }
  return { envelope_id: envelopeId, type: "slash_commands", payload: fields, accepts_response_payload: true };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
