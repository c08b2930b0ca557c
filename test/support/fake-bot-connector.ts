import type { IncomingMessage } from "node:http";
import { type FakeResponse, RecordingFake, startRecordingFake } from "./recording-fake.js";

/** One call the bot made to the Bot Connector REST API. */
export interface ConnectorCall {
  readonly method: "POST" | "PUT" | "GET";
  readonly path: string;
  /** Decoded from the path: the conversation the activity was posted to. */
  readonly conversationId: string;
  /** Set on replies (`POST /v3/conversations/:id/activities/:activityId`). */
  readonly replyToId: string | null;
  /** Set on updates (`PUT /v3/conversations/:id/activities/:activityId`): the message replaced. */
  readonly updatedId: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the activity JSON as sent; tests read what they assert on
  readonly body: any;
  readonly headers: IncomingMessage["headers"];
  /** The id this fake answered with, as Teams would: the new message's, the updated message's, or the member's. */
  readonly answeredId: string;
}

/** A member of a team or chat, as `GET /v3/conversations/:id/members/:memberId` describes them. */
export interface ConnectorMember {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId?: string;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/;

/**
 * The Bot Connector service as far as the bot uses it: sending to a conversation, replying to an
 * activity, updating a message the bot sent, and looking up a member of a team or chat (every
 * conversation has the members given to `addMember`). Point an activity's `serviceUrl` at `url`
 * and the SDK calls it here.
 */
export class FakeBotConnector extends RecordingFake<ConnectorCall> {
  #count = 0;
  readonly #members = new Map<string, ConnectorMember>();

  /** Someone the connector knows, by their "29:" id. */
  addMember(member: ConnectorMember): void {
    this.#members.set(member.id, member);
  }

  /** Calls that posted a new message or a reply (not updates or lookups). */
  get posts(): ConnectorCall[] {
    return this.calls.filter((call) => call.method === "POST");
  }

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
    const notFound = { status: 404, body: { error: { code: "NotFound", message: `${request.method} ${path}` } } };
    const member = MEMBER.exec(path);
    if (request.method === "GET" && member) return this.#lookUp(request, path, member);
    const match = ACTIVITIES.exec(path);
    if (!match || !(request.method === "POST" || (request.method === "PUT" && match[2] !== undefined))) return notFound;
    const activityId = match[2] === undefined ? null : decodeURIComponent(match[2]);
    const isUpdate = request.method === "PUT";
    if (!isUpdate) this.#count += 1;
    const call: ConnectorCall = {
      method: isUpdate ? "PUT" : "POST",
      path,
      conversationId: decodeURIComponent(match[1]!),
      replyToId: isUpdate ? null : activityId,
      updatedId: isUpdate ? activityId : null,
      body: JSON.parse(body),
      headers: request.headers,
      answeredId: isUpdate ? activityId! : `connector-activity-${this.#count}`,
    };
    this.record(call);
    return { status: 200, body: { id: call.answeredId } };
  }

  #lookUp(request: IncomingMessage, path: string, match: RegExpExecArray): FakeResponse {
    const memberId = decodeURIComponent(match[2]!);
    this.record({
      method: "GET",
      path,
      conversationId: decodeURIComponent(match[1]!),
      replyToId: null,
      updatedId: null,
      body: null,
      headers: request.headers,
      answeredId: memberId,
    });
    const member = this.#members.get(memberId);
    if (!member) return { status: 404, body: { error: { code: "MemberNotFoundInConversation", message: memberId } } };
    return { status: 200, body: member };
  }
}
