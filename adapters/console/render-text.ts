import type { Reply, Suggestion } from "../../src/conversation/reply.js";
import { describeSourceDocument } from "../../src/registry/source-documents.js";

/** Control characters (terminal escapes included) are shown as �, so pasted text cannot drive the terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** The text with every control character shown as �: for anything printed outside `renderText`. */
export const safeText = (text: string) => text.replace(CONTROL, "�");

export interface RenderTextOptions {
  /**
   * True in `npm run chat`, where typing an action's number chooses it; false where nothing is read
   * back (`iap ask`), so the line under the actions says where they can be chosen instead.
   */
  readonly choosable?: boolean;
}

/** Renders a reply as plain text for a terminal; actions become numbered choices, the console's buttons. */
export function renderText(reply: Reply, options: RenderTextOptions = {}): string {
  const lines: string[] = [];
  if (reply.title) lines.push(reply.title.toUpperCase());
  lines.push(reply.text);
  if (reply.facts?.length) {
    const width = Math.max(...reply.facts.map((fact) => fact.label.length));
    for (const fact of reply.facts) lines.push(`  ${`${fact.label}:`.padEnd(width + 2)}${fact.value}`);
  }
  for (const list of reply.lists ?? []) {
    const offset = list.offset ?? 0;
    const shown = offset === 0 ? `${list.items.length}` : `${offset + 1}–${offset + list.items.length}`;
    const more = list.total > list.items.length ? ` (${shown} of ${list.total})` : "";
    if (list.title) lines.push(`${list.title}${more}`);
    for (const item of list.items) lines.push(`  - ${item.text}${item.detail ? ` — ${item.detail}` : ""}`);
    if (!list.title && more) lines.push(`  …${more.trim()}`);
  }
  if (reply.suggestions?.length) {
    // A "more" suggestion is typed as "more" in the chat; its query alone would give the first page again.
    const typed = (suggestion: Suggestion) => (suggestion.offset === undefined ? suggestion.query : "more");
    lines.push(`Try: ${reply.suggestions.map((suggestion) => `"${typed(suggestion)}"`).join(" · ")}`);
  }
  if (reply.sources?.length && reply.kind !== "sources") {
    const documents = [...new Set(reply.sources.map((citation) => describeSourceDocument(citation.source.document)))];
    lines.push(`Sources: ${documents.join("; ")} (ask "source?" for details)`);
  }
  // Last, so the line saying what to type sits right above the prompt.
  if (reply.actions?.length) {
    reply.actions.forEach((action, index) => {
      lines.push(`  [${index + 1}] ${action.label}`);
    });
    lines.push(choiceLine(reply.actions.length, options.choosable ?? true));
  }
  return safeText(lines.join("\n"));
}

function choiceLine(count: number, choosable: boolean): string {
  if (!choosable) return `To choose one, ask the same in "npm run chat" and type its number.`;
  if (count <= 2) return count === 1 ? "Type 1 to choose it." : "Type 1 or 2 to choose.";
  return `Type a number from 1 to ${count} to choose.`;
}
