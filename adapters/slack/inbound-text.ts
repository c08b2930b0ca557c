/**
 * What someone typed, as the core wants it: plain text. Slack sends message and command text with
 * `&`, `<` and `>` escaped and mentions as `<@U123>`; the bot's own mention is dropped (it only
 * addresses the question), entities are decoded, and the result is trimmed.
 */
export function plainTextFromSlack(text: string | undefined, botUserId?: string): string {
  let plain = text ?? "";
  if (botUserId) plain = plain.replaceAll(new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, "g"), " ");
  return plain.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&").replace(/\s+/g, " ").trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
