import type { FormAction } from "../chat/form.js";
import type { SourceRef } from "../registry/registry-document.js";

/**
 * What the bot says, as data. Adapters render it (plain text, Block Kit, Adaptive Cards);
 * nothing here is formatted for one platform. All strings are plain text: adapters escape them.
 */
export interface Reply {
  readonly kind: ReplyKind;
  readonly title?: string;
  /** One or two sentences answering the question. */
  readonly text: string;
  /** Label/value rows; `known: false` marks a value that is not recorded. */
  readonly facts?: readonly Fact[];
  readonly lists?: readonly ReplyList[];
  /** Follow-up questions the person can send as they are. */
  readonly suggestions?: readonly Suggestion[];
  /** Where the facts in this reply come from, in the order first used. */
  readonly sources?: readonly Citation[];
  /** Buttons that open a form, or act at once (intake steps); shown after the suggestions' place. */
  readonly actions?: readonly FormAction[];
}

export type ReplyKind =
  | "answer"
  | "list"
  | "not-found"
  | "ambiguous"
  | "help"
  | "sources"
  | "unavailable"
  /** Something the person asked to do was not done; the text says why and what to do. */
  | "refused";

export interface Fact {
  readonly label: string;
  readonly value: string;
  readonly known: boolean;
}

export interface ReplyList {
  readonly title?: string;
  readonly items: readonly ListItem[];
  /** How many exist in all; more than `items.length` when the list was cut to a page. */
  readonly total: number;
  /** Position of the first item in the whole list (0 for the first page). */
  readonly offset?: number;
}

export interface ListItem {
  readonly text: string;
  readonly detail?: string;
}

export interface Suggestion {
  readonly label: string;
  /** The text sent when the suggestion is chosen. */
  readonly query: string;
  /** Set on "more": send it with the query as `Question.offset` to get the next page of the same list. */
  readonly offset?: number;
}

export interface Citation {
  readonly source: SourceRef;
  /** What the source supports: "Milan: category", "Policy: signing authority". */
  readonly about: string;
}

export const NOT_RECORDED = "not recorded";
