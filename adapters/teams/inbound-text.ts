import { type Activity, TeamsInfo, type TurnContext } from "botbuilder";
import { z } from "zod";
import { mentionUnknown } from "./errors.js";

/**
 * The id the core knows a Teams user by: their Entra (AAD) object id, which stays the same in
 * every team and chat and is what `iap role teams <id>` takes; the Bot Framework id ("29:…")
 * only where there is none (the Bot Framework Emulator).
 */
export function teamsUserId(account: { readonly id: string; readonly aadObjectId?: string }): string {
  return account.aadObjectId ?? account.id;
}

/** What someone typed, as the core reads it. */
export interface InboundText {
  /** The text with the bot's own mention taken out and every other "<at>Name</at>" as "@Name". */
  readonly text: string;
  /** The people mentioned, by `teamsUserId`, in the order they appear in the text. */
  readonly mentions: readonly string[];
}

const MentionSchema = z.object({
  type: z.literal("mention"),
  text: z.string().min(1),
  mentioned: z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    aadObjectId: z.string().min(1).optional(),
  }),
});
type Mention = z.infer<typeof MentionSchema>;

/**
 * Reads a message's text and mentions. Teams writes a mention into the text as "<at>Name</at>"
 * and describes it in `entities`, with the person's Bot Framework id ("29:…") and usually no
 * object id, so that is asked of Teams (the team's or chat's member list). Mentions of a channel,
 * a team or a tag become "@Name" in the text but name no person.
 */
export async function readInboundText(context: TurnContext): Promise<InboundText> {
  const { activity } = context;
  let text = typeof activity.text === "string" ? activity.text : "";
  const found = (activity.entities ?? []).flatMap((entity) => {
    const mention = MentionSchema.safeParse(entity);
    return mention.success && text.includes(mention.data.text) ? [mention.data] : [];
  });
  found.sort((a, b) => text.indexOf(a.text) - text.indexOf(b.text));
  const mentions: string[] = [];
  for (const mention of found) {
    if (mention.mentioned.id === activity.recipient.id) {
      // In channels and group chats the text starts with the bot's own mention ("<at>iap-bot</at> …").
      text = text.replace(mention.text, "");
      continue;
    }
    text = text.replace(mention.text, `@${nameOf(mention)}`);
    if (isPerson(activity, mention)) mentions.push(await personId(context, mention));
  }
  return { text: text.trim(), mentions };
}

const nameOf = (mention: Mention) =>
  mention.mentioned.name?.trim() || mention.text.replace(/<\/?at>/g, "").trim() || "someone";

/** In Teams people have "29:" ids; channels, teams and tags have others. Elsewhere (the Emulator) every mention is a person. */
function isPerson(activity: Activity, mention: Mention): boolean {
  if (activity.channelId !== "msteams") return true;
  return mention.mentioned.aadObjectId !== undefined || mention.mentioned.id.startsWith("29:");
}

async function personId(context: TurnContext, mention: Mention): Promise<string> {
  const { mentioned } = mention;
  if (mentioned.aadObjectId || context.activity.channelId !== "msteams") return teamsUserId(mentioned);
  try {
    return teamsUserId(await TeamsInfo.getMember(context, mentioned.id));
  } catch (error) {
    throw mentionUnknown(nameOf(mention), mentioned.id, context.activity.conversation.id, error);
  }
}
