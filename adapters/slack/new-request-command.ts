import type { IntakeKind } from "../../src/intake/intake-kind.js";

/** The words `/iap new …` takes for each kind of request. */
const KIND_WORDS: Readonly<Record<string, IntakeKind>> = {
  partnership: "PARTNERSHIP_CITY",
  "partnership city": "PARTNERSHIP_CITY",
  "partner city": "PARTNERSHIP_CITY",
  project: "INTERNATIONAL_PROJECT",
  "international project": "INTERNATIONAL_PROJECT",
  mou: "MOU_REQUEST",
  delegation: "INBOUND_DELEGATION",
  "inbound delegation": "INBOUND_DELEGATION",
  renewal: "RENEWAL",
};

/** `/iap new` alone, or with one of these, asks which kind. */
const ANY_KIND = new Set(["", "request", "proposal"]);

/**
 * `/iap new` and `/iap new partnership` (project, mou, delegation, renewal): the kind, or null to
 * choose one. Null for any other text, which goes to the core as a question like every command. The
 * adapter reads this one itself because a kind's form must open at once, while the command's
 * trigger_id lasts (3 seconds); plain language ("I want to propose a partner city") is the core's.
 */
export function readNewRequestCommand(text: string): { readonly kind: IntakeKind | null } | null {
  const match = /^new\b\s*(.*)$/i.exec(text.trim());
  if (!match) return null;
  const words = (match[1] ?? "").toLowerCase().replace(/\s+/g, " ").trim();
  if (ANY_KIND.has(words)) return { kind: null };
  const kind = KIND_WORDS[words] ?? KIND_WORDS[words.replace(/s$/, "")];
  return kind ? { kind } : null;
}
