import { type Activity, ActivityTypes, CardFactory } from "botbuilder";
import type { FormAction } from "../../src/chat/form.js";
import type { Reply, ReplyList, Suggestion } from "../../src/conversation/reply.js";
import { describeSourceDocument } from "../../src/registry/source-documents.js";
import type { ActionData, FormButtonData, SuggestionData } from "./card-submission.js";

/** One piece of plain text. Teams renders TextRun text as written: no markdown, so stored text cannot format itself. */
export interface TextRun {
  readonly type: "TextRun";
  readonly text: string;
  readonly weight?: "Bolder";
  readonly size?: "Small" | "Medium";
  readonly isSubtle?: boolean;
  /** Attention (red) for what must be corrected. */
  readonly color?: "Attention";
}

export interface RichTextBlock {
  readonly type: "RichTextBlock";
  readonly inlines: readonly TextRun[];
  readonly spacing?: "Medium";
}

export interface FactSet {
  readonly type: "FactSet";
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export type CardElement = RichTextBlock | FactSet;

export interface SubmitAction {
  readonly type: "Action.Submit";
  readonly title: string;
  /** Positive for the step that moves a request on, destructive for declining or withdrawing. */
  readonly style?: "positive" | "destructive";
  /** Comes back as the message activity's `value` when clicked (see card-submission.ts). */
  readonly data: ActionData;
}

/** A card; `Element` widens for form cards, whose body also holds inputs (render-form-card.ts). */
export interface AdaptiveCard<Element = CardElement> {
  readonly type: "AdaptiveCard";
  readonly $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  /** 1.5 is the newest schema every Teams client (desktop, web, mobile) renders. */
  readonly version: "1.5";
  /** What a client that cannot render the card shows instead. */
  readonly fallbackText: string;
  readonly body: readonly Element[];
  readonly actions: readonly SubmitAction[];
}

/**
 * Teams refuses messages over about 28 KB. The body gets what is left after the actions and the
 * fallback text, with room to spare for the activity envelope the connector adds.
 */
export const CARD_BYTE_BUDGET = 24 * 1024;
/**
 * Teams lays out about six buttons under a card well; more crowd narrow clients. A request's steps
 * take up to six (with Assign and Add a comment), so they come first and the follow-up
 * suggestions fill what is left: a step card with six drops "Status of request N", which can be typed.
 */
const MAX_ACTIONS = 6;
const MAX_TITLE = 200;
const MAX_TEXT = 2000;
const MAX_LABEL = 100;
const MAX_VALUE = 500;
const MAX_ITEM = 400;
const MAX_QUERY = 500;
const MAX_ACTION_TITLE = 60;
const MAX_FALLBACK = 1000;
const MAX_SUMMARY = 250;
const LEFT_OUT = "Part of this answer was left out to fit in a Teams message; ask a narrower question to see it.";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Cuts to `max` characters without splitting a surrogate pair, and shows control characters as �. */
export function clip(text: string, max: number): string {
  let cut = text;
  if (text.length > max) {
    cut = text.slice(0, max - 1);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    cut = `${cut}…`;
  }
  return cut.replace(CONTROL, "�");
}

/**
 * FactSet values are the one place Teams reads markdown in our cards, so every character that
 * could start a link, emphasis, code, an HTML tag or an entity is backslash-escaped, and line
 * starts that would begin a heading or list are too. Newlines become spaces: a fact is one line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/[\\`*_~[\]<>&|]/g, "\\$&")
    .replace(/^(\s*)([#+-])/, "$1\\$2")
    .replace(/^(\s*\d+)\./, "$1\\.");
}

export const run = (text: string, style: Omit<TextRun, "type" | "text"> = {}): TextRun => ({
  type: "TextRun",
  text,
  ...style,
});
export const block = (...inlines: TextRun[]): RichTextBlock => ({ type: "RichTextBlock", inlines });

/**
 * The message Teams shows for a reply: the card, and a short plain-text summary that
 * notifications and the chat list show instead of "Card". No `text`: Teams would print it above the card.
 */
export function renderReplyActivity(reply: Reply): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: clip(plainSummary(reply), MAX_SUMMARY),
    attachments: [CardFactory.adaptiveCard(renderCard(reply))],
  };
}

/**
 * Renders a reply as an Adaptive Card: title, text, facts, lists, sources, and as buttons its
 * form actions (intake steps) followed by its suggestions.
 */
export function renderCard(reply: Reply): AdaptiveCard {
  const actions = [...(reply.actions ?? []).map(formButton), ...(reply.suggestions ?? []).map(suggestionButton)].slice(
    0,
    MAX_ACTIONS,
  );
  const fallbackText = clip(plainSummary(reply, true), MAX_FALLBACK);
  const budget = CARD_BYTE_BUDGET - byteSize(actions) - byteSize(fallbackText);
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    fallbackText,
    body: fitBody(bodyElements(reply), budget),
    actions,
  };
}

/** The reply as plain text: its title and text for notifications, with the facts for clients without cards. */
function plainSummary(reply: Reply, withFacts = false): string {
  const lines = [reply.title ? `${reply.title}: ${reply.text}` : reply.text];
  if (withFacts) for (const fact of reply.facts ?? []) lines.push(`${fact.label}: ${fact.value}`);
  return lines.join("\n");
}

function bodyElements(reply: Reply): CardElement[] {
  const elements: CardElement[] = [];
  if (reply.title) elements.push(block(run(clip(reply.title, MAX_TITLE), { weight: "Bolder", size: "Medium" })));
  if (reply.text) elements.push(block(run(clip(reply.text, MAX_TEXT))));
  if (reply.facts?.length) {
    elements.push({
      type: "FactSet",
      facts: reply.facts.map((fact) => ({
        title: escapeMarkdown(clip(fact.label, MAX_LABEL)),
        value: escapeMarkdown(clip(fact.value, MAX_VALUE)),
      })),
    });
  }
  for (const list of reply.lists ?? []) elements.push(...listElements(list));
  if (reply.sources?.length && reply.kind !== "sources") {
    const documents = [...new Set(reply.sources.map((citation) => describeSourceDocument(citation.source.document)))];
    elements.push(
      block(
        run(clip(`Sources: ${documents.join("; ")} (ask "source?" for details)`, MAX_TEXT), {
          size: "Small",
          isSubtle: true,
        }),
      ),
    );
  }
  return elements;
}

function listElements(list: ReplyList): CardElement[] {
  const offset = list.offset ?? 0;
  const shown = offset === 0 ? `${list.items.length}` : `${offset + 1}–${offset + list.items.length}`;
  const count = list.total > list.items.length ? ` (${shown} of ${list.total})` : "";
  const elements: CardElement[] = [];
  if (list.title || count) {
    elements.push({
      ...block(run(clip(`${list.title ?? "Results"}${count}`, MAX_TITLE), { weight: "Bolder" })),
      spacing: "Medium",
    });
  }
  for (const item of list.items) {
    const inlines = [run(`• ${clip(item.text, MAX_ITEM)}`)];
    if (item.detail) inlines.push(run(` — ${clip(item.detail, MAX_ITEM)}`, { isSubtle: true }));
    elements.push(block(...inlines));
  }
  return elements;
}

function suggestionButton(suggestion: Suggestion): SubmitAction {
  const data: SuggestionData = { query: clip(suggestion.query, MAX_QUERY) };
  return {
    type: "Action.Submit",
    title: clip(suggestion.label, MAX_ACTION_TITLE),
    data: suggestion.offset === undefined ? data : { ...data, offset: suggestion.offset },
  };
}

const ACTION_STYLES = { primary: "positive", danger: "destructive" } as const;

/** A button that asks for its form, or applies a step without fields at once. The id is the core's, never cut. */
function formButton(action: FormAction): SubmitAction {
  const data: FormButtonData = action.hasFields ? { form: action.formId } : { form: action.formId, submit: true };
  return {
    type: "Action.Submit",
    title: clip(action.label, MAX_ACTION_TITLE),
    ...(action.style ? { style: ACTION_STYLES[action.style] } : {}),
    data,
  };
}

/** Keeps elements in order while they fit; when one does not, says that the rest was left out. */
function fitBody(elements: readonly CardElement[], budget: number): CardElement[] {
  const note = block(run(LEFT_OUT, { size: "Small", isSubtle: true }));
  const room = budget - byteSize(note);
  const kept: CardElement[] = [];
  let used = 0;
  for (const element of elements) {
    const size = byteSize(element) + 1;
    if (used + size > room) return [...kept, note];
    kept.push(element);
    used += size;
  }
  return kept;
}

export const byteSize = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
