import type { types } from "@slack/bolt";
import type { FormAction } from "../../src/chat/form.js";
import { NOT_RECORDED, type Reply, type ReplyList, type Suggestion } from "../../src/conversation/reply.js";
import { describeSourceDocument } from "../../src/registry/source-documents.js";
import { formActionId, MAX_FORM_ID } from "./form-action.js";
import { encodeSuggestionValue, suggestionActionId } from "./suggestion-value.js";

export type Block = types.KnownBlock;

/** A message as chat.postMessage and response_url take it: blocks, and the text notifications and old clients show. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: Block[];
}

/** Block Kit's documented limits (docs.slack.dev/reference/block-kit), in characters unless said otherwise. */
export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  elementsPerActions: 25,
} as const;

/** Queries are short questions; clipping them keeps a button's JSON value under its limit even fully escaped. */
const MAX_QUERY = 900;
/** Notifications show a line or two; the blocks carry the rest. */
const MAX_FALLBACK = 3000;
const LEFT_OUT = "Part of this answer was left out to fit in a Slack message; ask a narrower question to see it.";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Makes text from the core safe for Slack and cuts it to `max` characters: `&`, `<` and `>` become
 * entities, so `<!channel>`, `<@U1>` or `<https://…|…>` stored in the registry or typed in a question
 * show as text instead of notifying a channel or hiding a link. The cut never splits an entity or a
 * surrogate pair, and ends in "…". Control characters show as �.
 */
export function escapeText(text: string, max = Number.POSITIVE_INFINITY): string {
  const pieces: string[] = [];
  let length = 0;
  for (const char of text.replace(CONTROL, "�")) {
    const piece = ENTITIES[char] ?? char;
    if (length + piece.length > max) {
      while (pieces.length > 0 && length + 1 > max) length -= pieces.pop()!.length;
      return `${pieces.join("")}…`;
    }
    pieces.push(piece);
    length += piece.length;
  }
  return pieces.join("");
}

/**
 * mrkdwn with `verbatim` so Slack does not turn bare URLs, #channel names or @mentions in the
 * data into links; our own formatting (bold, italics, bullets) still applies.
 */
export const mrkdwn = (text: string): types.MrkdwnElement => ({ type: "mrkdwn", text, verbatim: true });
/** Plain text from the core, escaped like everything else and cut to `max` characters. */
export const plain = (text: string, max: number): types.PlainTextElement => ({
  type: "plain_text",
  text: escapeText(text, max),
  emoji: false,
});

/** The message for a reply: Block Kit, and a plain fallback for notifications and clients without blocks. */
export function renderMessage(reply: Reply): SlackMessage {
  return { text: renderFallbackText(reply), blocks: renderBlocks(reply) };
}

/** The App Home tab: the same blocks as a message, published as a home view. */
export function renderHomeView(reply: Reply): types.HomeView {
  return { type: "home", blocks: renderBlocks(reply) };
}

/** The reply's title and text, escaped like everything else (Slack parses the fallback as mrkdwn too). */
export function renderFallbackText(reply: Reply): string {
  return escapeText(reply.title ? `${reply.title}: ${reply.text}` : reply.text, MAX_FALLBACK);
}

/**
 * Renders a reply as Block Kit: a header for the title, a section for the text, fields for the
 * facts, each list as bullet sections, sources in a context block, then the form buttons (what
 * the message is for: "Start initial assessment") and the suggestions as buttons. Every limit is
 * respected; if the blocks would still not fit, the last one says what was left out.
 */
export function renderBlocks(reply: Reply): Block[] {
  const body: Block[] = [];
  if (reply.title) body.push({ type: "header", text: plain(reply.title, BLOCK_LIMITS.headerText) });
  if (reply.text) body.push({ type: "section", text: mrkdwn(escapeText(reply.text, BLOCK_LIMITS.sectionText)) });
  body.push(...factSections(reply));
  for (const list of reply.lists ?? []) body.push(...listSections(list));
  const sources = sourcesContext(reply);
  if (sources) body.push(sources);
  return fitBlocks(body, [...formActions(reply.actions ?? []), ...suggestionActions(reply.suggestions ?? [])]);
}

/** Facts as "*label*\nvalue" fields, ten to a section; a value that is not recorded says so, in italics. */
function factSections(reply: Reply): types.SectionBlock[] {
  const fields = (reply.facts ?? []).map((fact) => {
    const label = escapeText(fact.label, 200);
    const room = BLOCK_LIMITS.fieldText - label.length - 6;
    const value = fact.known ? escapeText(fact.value, room) : `_${escapeText(fact.value || NOT_RECORDED, room)}_`;
    return mrkdwn(`*${label}*\n${value}`);
  });
  return chunk(fields, BLOCK_LIMITS.fieldsPerSection).map((group) => ({ type: "section", fields: group }));
}

/**
 * A list as a bold heading with its count ("3 of 29" when the core sent one page) and its items as
 * bullets, packed into as few sections as their text limit allows so long lists do not use up blocks.
 */
function listSections(list: ReplyList): types.SectionBlock[] {
  const offset = list.offset ?? 0;
  const shown = offset === 0 ? `${list.items.length}` : `${offset + 1}–${offset + list.items.length}`;
  const count = list.total > list.items.length ? ` (${shown} of ${list.total})` : "";
  const lines: string[] = [];
  if (list.title || count) lines.push(`*${escapeText(`${list.title ?? "Results"}${count}`, 500)}*`);
  for (const item of list.items) {
    const detail = item.detail ? ` — ${escapeText(item.detail, 1000)}` : "";
    lines.push(`• ${escapeText(item.text, 1000)}${detail}`);
  }
  const sections: types.SectionBlock[] = [];
  let text = "";
  for (const line of lines) {
    if (text && text.length + 1 + line.length > BLOCK_LIMITS.sectionText) {
      sections.push({ type: "section", text: mrkdwn(text) });
      text = "";
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) sections.push({ type: "section", text: mrkdwn(text) });
  return sections;
}

function sourcesContext(reply: Reply): types.ContextBlock | null {
  // A "sources" reply is about its sources: they are its content, not a footnote.
  if (!reply.sources?.length || reply.kind === "sources") return null;
  const documents = [...new Set(reply.sources.map((citation) => describeSourceDocument(citation.source.document)))];
  const text = escapeText(`Sources: ${documents.join("; ")} (ask "source?" for details)`, BLOCK_LIMITS.contextText);
  return { type: "context", elements: [mrkdwn(text)] };
}

/**
 * Suggestions as buttons, 25 to an actions block. A "more" suggestion carries its offset, so the
 * click asks the same question for the next page instead of the first one again.
 */
function suggestionActions(suggestions: readonly Suggestion[]): types.ActionsBlock[] {
  const buttons = suggestions.map(
    (suggestion, index): types.Button => ({
      type: "button",
      action_id: suggestionActionId(index),
      text: plain(suggestion.label, BLOCK_LIMITS.buttonText),
      value: encodeSuggestionValue({
        query: suggestion.query.replace(CONTROL, "").slice(0, MAX_QUERY),
        ...(suggestion.offset === undefined ? {} : { offset: suggestion.offset }),
      }),
    }),
  );
  return chunk(buttons, BLOCK_LIMITS.elementsPerActions).map((elements) => ({ type: "actions", elements }));
}

/**
 * Form buttons, 25 to an actions block, each carrying its form id (see form-action.ts). The id is
 * the core's own and short; one too long for a button's value could only arrive cut, so it is left out.
 */
function formActions(actions: readonly FormAction[]): types.ActionsBlock[] {
  const buttons = actions
    .filter((action) => action.formId.length <= MAX_FORM_ID)
    .map(
      (action, index): types.Button => ({
        type: "button",
        action_id: formActionId(action, index),
        text: plain(action.label, BLOCK_LIMITS.buttonText),
        value: action.formId,
        ...(action.style ? { style: action.style } : {}),
      }),
    );
  return chunk(buttons, BLOCK_LIMITS.elementsPerActions).map((elements) => ({ type: "actions", elements }));
}

/**
 * Keeps the body within the block limit with room for the actions. A body that does not fit ends
 * with a note saying part was left out, rather than stopping silently; the buttons always stay.
 */
function fitBlocks(body: Block[], actions: readonly types.ActionsBlock[]): Block[] {
  const room = BLOCK_LIMITS.blocksPerMessage - actions.length;
  if (body.length <= room) return [...body, ...actions];
  const note: types.ContextBlock = { type: "context", elements: [mrkdwn(LEFT_OUT)] };
  return [...body.slice(0, room - 1), note, ...actions];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}
