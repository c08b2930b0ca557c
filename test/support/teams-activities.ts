import { randomUUID } from "node:crypto";

/** Someone in Teams: the "29:" id the Bot Framework gives them, and the Entra object id the bot knows them by. */
export interface TeamsPerson {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

/** The bot as Teams addresses it, and a member of the test tenant. */
export const BOT = { id: "28:iap-bot-app-id", name: "iap-bot" } as const;
export const DANA = {
  id: "29:dana-teams-id",
  aadObjectId: "aad-dana",
  name: "Dana Reyes",
} as const satisfies TeamsPerson;
export const TENANT = "tenant-toronto";

export const PERSONAL_CHAT = { id: "a:personal-chat-dana", conversationType: "personal", tenantId: TENANT };
export const CHANNEL = {
  id: "19:iap-channel@thread.tacv2",
  conversationType: "channel",
  name: "International Alliance",
  tenantId: TENANT,
};
export const GROUP_CHAT = { id: "19:group-chat@thread.v2", conversationType: "groupChat", tenantId: TENANT };

type Conversation = { readonly id: string; readonly conversationType: string; readonly name?: string };

/** Fields every activity Teams posts to the bot carries, pointed at a (fake) connector. */
function envelope(serviceUrl: string, conversation: Conversation) {
  return {
    id: randomUUID(),
    timestamp: new Date("2026-03-02T14:00:00Z").toISOString(),
    channelId: "msteams",
    serviceUrl,
    from: DANA,
    recipient: BOT,
    conversation,
    channelData: { tenant: { id: TENANT } },
    locale: "en-CA",
  };
}

/** Dana types in her personal chat with the bot. */
export function personalMessage(serviceUrl: string, text: string) {
  return { ...envelope(serviceUrl, PERSONAL_CHAT), type: "message", text, textFormat: "plain" };
}

/**
 * Dana (or `from`) @mentions the bot in a new channel post: the conversation id names the thread
 * it starts. `question` may @mention `others` as Teams writes them, "<at>Name</at>".
 */
export function channelMention(
  serviceUrl: string,
  question: string,
  options: { readonly from?: TeamsPerson; readonly others?: readonly { id: string; name: string }[] } = {},
) {
  const base = envelope(serviceUrl, CHANNEL);
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base,
    ...(options.from ? { from: options.from } : {}),
    conversation: { ...CHANNEL, id: `${CHANNEL.id};messageid=${base.id}` },
    type: "message",
    text: `${mention} ${question}`,
    textFormat: "plain",
    entities: [
      { type: "mention", mentioned: BOT, text: mention },
      ...(options.others ?? []).map((other) => ({
        type: "mention",
        mentioned: { id: other.id, name: other.name },
        text: `<at>${other.name}</at>`,
      })),
    ],
  };
}

/**
 * Dana (or `from`) clicks a card button: Teams posts the button's data, with a form card's inputs
 * merged in, as the message's value, with no text; `replyToId` is the message holding the card.
 */
export function cardSubmission(
  serviceUrl: string,
  value: unknown,
  conversation: Conversation = PERSONAL_CHAT,
  options: { readonly from?: TeamsPerson; readonly replyToId?: string } = {},
) {
  return {
    ...envelope(serviceUrl, conversation),
    type: "message",
    value,
    ...(options.from ? { from: options.from } : {}),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
  };
}

/** The app is added to a team (its General channel) or chat. */
export function botAdded(serviceUrl: string, conversation: Conversation) {
  return { ...envelope(serviceUrl, conversation), type: "conversationUpdate", membersAdded: [BOT] };
}

/** The app is installed for Dana personally. */
export function installedForPerson(serviceUrl: string) {
  return { ...envelope(serviceUrl, PERSONAL_CHAT), type: "installationUpdate", action: "add" };
}

export function uninstalledForPerson(serviceUrl: string) {
  return { ...envelope(serviceUrl, PERSONAL_CHAT), type: "installationUpdate", action: "remove" };
}

/** POSTs an activity to the bot's Teams endpoint as the Bot Connector service (or the Emulator) does. */
export async function postActivity(
  botUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof activity === "string" ? activity : JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}
