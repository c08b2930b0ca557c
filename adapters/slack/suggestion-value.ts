import { z } from "zod";

/** What a suggestion button carries back when clicked: the question to ask, and for "more" where the list goes on. */
export const SuggestionValueSchema = z.object({
  query: z.string().min(1).max(1000),
  offset: z.number().int().min(0).optional(),
});
export type SuggestionValue = z.infer<typeof SuggestionValueSchema>;

/** Buttons are matched by this prefix; Slack wants action ids unique within a message, hence the number. */
const SUGGESTION_ACTION_PREFIX = "iap_suggestion_";
export const SUGGESTION_ACTION_ID = /^iap_suggestion_\d+$/;

export const suggestionActionId = (index: number) => `${SUGGESTION_ACTION_PREFIX}${index}`;

export const encodeSuggestionValue = (value: SuggestionValue): string => JSON.stringify(value);

/** The button's value as Slack sends it back; null when it is not one of ours (or was tampered with). */
export function readSuggestionValue(raw: unknown): SuggestionValue | null {
  if (typeof raw !== "string") return null;
  try {
    const parsed = SuggestionValueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
