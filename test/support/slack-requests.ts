import { createHmac } from "node:crypto";

/** The signing secret the test bots are configured with. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export const TEAM = "T1";
export const BOT_USER = "UBOT";

export interface SignOptions {
  /** Unix seconds; defaults to now (Bolt checks it against its own clock, not the bot's). */
  readonly timestamp?: number;
  readonly secret?: string;
}

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signatureHeaders(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const digest = createHmac("sha256", options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": `v0=${digest}` };
}

/** A request as Slack sends it: the raw body and its content type. */
export interface SlackRequest {
  readonly body: string;
  readonly contentType: "application/json" | "application/x-www-form-urlencoded";
}

export interface PostOptions extends SignOptions {
  readonly headers?: Record<string, string>;
}

/** Posts a signed request to the bot's /slack/events, as Slack would. */
export async function postToSlack(
  botUrl: string,
  request: SlackRequest,
  options: PostOptions = {},
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${botUrl}/slack/events`, {
    method: "POST",
    headers: { "content-type": request.contentType, ...signatureHeaders(request.body, options), ...options.headers },
    body: request.body,
  });
  return { status: response.status, body: await response.text() };
}

const json = (value: unknown): SlackRequest => ({ body: JSON.stringify(value), contentType: "application/json" });
const form = (fields: Record<string, string>): SlackRequest => ({
  body: new URLSearchParams(fields).toString(),
  contentType: "application/x-www-form-urlencoded",
});

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};
/** A message ts, unique per call: Slack's "seconds.micro" format. */
export const aTs = () => `1767225600.${String(next()).padStart(6, "0")}`;

/** `/iap <text>` typed in a channel; Slack escapes `&`, `<` and `>` in the text. */
export function slashCommand(text: string, options: { responseUrl: string; channel?: string; user?: string }) {
  return form({
    token: "legacy-verification-token",
    team_id: TEAM,
    team_domain: "iap",
    channel_id: options.channel ?? "C1",
    channel_name: "iap-working-group",
    user_id: options.user ?? "U1",
    user_name: "someone",
    command: "/iap",
    text,
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: options.responseUrl,
    trigger_id: "1.2.3",
  });
}

/** An Events API delivery; pass the same `eventId` to simulate Slack's redelivery of it. */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${next()}`) {
  return json({
    token: "legacy-verification-token",
    team_id: TEAM,
    api_app_id: "A1",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: 1767225600,
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

export function appMentionEvent(text: string, options: { channel?: string; ts?: string; threadTs?: string } = {}) {
  const ts = options.ts ?? aTs();
  return {
    type: "app_mention",
    user: "U1",
    text,
    ts,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    team: TEAM,
    channel: options.channel ?? "C1",
    event_ts: ts,
  };
}

export function directMessageEvent(text: string, options: { channel?: string; user?: string } = {}) {
  const ts = aTs();
  return {
    type: "message",
    user: options.user ?? "U2",
    text,
    ts,
    team: TEAM,
    channel: options.channel ?? "D2",
    event_ts: ts,
    channel_type: "im",
  };
}

export function appHomeOpenedEvent(user = "U3") {
  return { type: "app_home_opened", user, channel: "D3", tab: "home", event_ts: aTs() };
}

export function memberJoinedChannelEvent(user: string, channel: string) {
  return { type: "member_joined_channel", user, channel, channel_type: "C", team: TEAM, event_ts: aTs() };
}

/** A rendered Block Kit button, as the tests find them in what the bot posted. */
export interface PostedButton {
  readonly action_id: string;
  readonly value: string;
  readonly text: { readonly text: string };
}

/** Every button in a message's blocks, in order. */
// biome-ignore lint/suspicious/noExplicitAny: blocks as posted
export function buttonsOf(blocks: any[]): PostedButton[] {
  return blocks.filter((block) => block.type === "actions").flatMap((block) => block.elements as PostedButton[]);
}

/** Every text in a message's blocks, fields and context included, in order. */
// biome-ignore lint/suspicious/noExplicitAny: blocks as posted
export function textsOf(blocks: any[]): string[] {
  return blocks.flatMap((block) => [
    ...(block.text ? [block.text.text as string] : []),
    // biome-ignore lint/suspicious/noExplicitAny: fields and elements as posted
    ...(block.fields ?? []).map((field: any) => field.text as string),
    // biome-ignore lint/suspicious/noExplicitAny: fields and elements as posted
    ...(block.type === "context" ? block.elements.map((element: any) => element.text as string) : []),
  ]);
}

/**
 * A click on one of the bot's buttons. `container` says where the message was; Slack sends
 * interactivity as a form with one `payload` field of JSON.
 */
export function blockAction(
  button: PostedButton,
  options: {
    responseUrl?: string;
    container:
      | { type: "message"; channel_id: string; message_ts: string; is_ephemeral?: boolean; thread_ts?: string }
      | { type: "view"; view_id: string };
    user?: string;
  },
) {
  const inMessage = options.container.type === "message";
  return form({
    payload: JSON.stringify({
      type: "block_actions",
      user: { id: options.user ?? "U1", username: "someone", team_id: TEAM },
      api_app_id: "A1",
      token: "legacy-verification-token",
      container: options.container,
      trigger_id: "1.2.3",
      team: { id: TEAM, domain: "iap" },
      ...(inMessage ? { channel: { id: (options.container as { channel_id: string }).channel_id, name: "x" } } : {}),
      ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
      actions: [
        {
          type: "button",
          block_id: "b1",
          action_id: button.action_id,
          value: button.value,
          text: button.text,
          action_ts: aTs(),
        },
      ],
    }),
  });
}

/** A modal as the bot opened it (the `view` of its views.open call). */
export interface OpenedModal {
  readonly callback_id: string;
  readonly private_metadata: string;
  // biome-ignore lint/suspicious/noExplicitAny: blocks as opened
  readonly blocks: any[];
}

/** One input's state in a view_submission, as Slack sends it. */
export type InputState =
  | { readonly type: "plain_text_input"; readonly value: string | null }
  | { readonly type: "datepicker"; readonly selected_date: string | null }
  | {
      readonly type: "static_select";
      readonly selected_option: { readonly text: { type: "plain_text"; text: string }; readonly value: string } | null;
    };

/**
 * The state of a modal filled in as a person would: `answers` by block id (a field's name); inputs
 * left out keep what the modal opened with. A select answer must be one of its options, unless
 * `forged` (a tampered payload, which Slack's own client could not send).
 */
export function fillInModal(
  modal: OpenedModal,
  answers: Readonly<Record<string, string>>,
  options: { readonly forged?: boolean } = {},
): Record<string, Record<string, InputState>> {
  const values: Record<string, Record<string, InputState>> = {};
  for (const block of modal.blocks) {
    if (block.type !== "input") continue;
    const element = block.element;
    const answer: string | undefined = answers[block.block_id];
    let state: InputState;
    if (element.type === "plain_text_input") {
      state = { type: element.type, value: answer ?? element.initial_value ?? null };
    } else if (element.type === "datepicker") {
      state = { type: element.type, selected_date: answer ?? element.initial_date ?? null };
    } else if (element.type === "static_select") {
      // biome-ignore lint/suspicious/noExplicitAny: options as opened
      const chosen = element.options.find((option: any) => option.value === answer);
      if (answer !== undefined && answer !== "" && !chosen && !options.forged) {
        throw new Error(`${block.block_id} has no option ${answer}`);
      }
      state = {
        type: element.type,
        selected_option:
          answer === undefined
            ? (element.initial_option ?? null)
            : answer === ""
              ? null
              : (chosen ?? { text: { type: "plain_text", text: answer }, value: answer }),
      };
    } else {
      throw new Error(`unexpected input ${element.type} in ${block.block_id}`);
    }
    values[block.block_id] = { [element.action_id]: state };
  }
  return values;
}

/** A modal's Submit, as Slack posts it: the view as opened, with `values` as its state. */
export function viewSubmission(
  modal: OpenedModal,
  values: Record<string, Record<string, InputState>>,
  options: { user?: string; viewId?: string } = {},
) {
  return form({
    payload: JSON.stringify({
      type: "view_submission",
      team: { id: TEAM, domain: "iap" },
      user: { id: options.user ?? "U1", username: "someone", name: "someone", team_id: TEAM },
      api_app_id: "A1",
      token: "legacy-verification-token",
      trigger_id: "4.5.6",
      view: {
        id: options.viewId ?? "V1",
        team_id: TEAM,
        type: "modal",
        ...modal,
        state: { values },
        hash: "1767225600.abcdef",
        root_view_id: options.viewId ?? "V1",
        previous_view_id: null,
        app_id: "A1",
        bot_id: "B1",
      },
      response_urls: [],
      is_enterprise_install: false,
    }),
  });
}
