/** What someone typed, as the core reads it: plain words, and the people they @mentioned. */
export interface SlackText {
  readonly text: string;
  /** Slack user ids of the people mentioned, in order, each once; never the bot. */
  readonly mentions: readonly string[];
}

/** Slack's markup: `<@U1>`, `<@U1|ana>`, `<#C1|general>`, `<!here>`, `<!subteam^S1|@team>`, `<https://…|label>`. */
const MARKUP = /<([^<>]*)>/g;

/**
 * Reads message or command text as Slack sends it. A `<` the person typed arrives as `&lt;`, so
 * every raw `<…>` is Slack's own markup: a person becomes "@name" (or "@U123" when Slack gave no
 * name) and is listed in `mentions`; the bot's own mention only addresses the question and is
 * dropped; channels, groups and links become their labels. Entities are decoded last, so text
 * typed as `&lt;@U1&gt;` stays words and mentions nobody. Whitespace is collapsed and trimmed.
 */
export function readSlackText(text: string | undefined, botUserId?: string): SlackText {
  const mentions: string[] = [];
  const words = (text ?? "").replace(MARKUP, (_markup, inside: string) => {
    const bar = inside.indexOf("|");
    const target = bar === -1 ? inside : inside.slice(0, bar);
    const label = bar === -1 ? "" : inside.slice(bar + 1);
    if (target.startsWith("@")) {
      const userId = target.slice(1);
      if (userId === botUserId) return " ";
      if (userId && !mentions.includes(userId)) mentions.push(userId);
      return `@${label || userId}`;
    }
    if (target.startsWith("#")) return `#${label || target.slice(1)}`;
    // <!here>, <!channel>, <!subteam^S1|@team>, <!date^…|fallback>: the label, or what is addressed.
    if (target.startsWith("!")) return label || `@${target.slice(1).split("^")[0]}`;
    return label || target;
  });
  const plain = words
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();
  return { text: plain, mentions };
}
