import { z } from "zod";

/**
 * What a suggestion button sends back. Teams delivers an Action.Submit click as a message
 * activity whose `value` is the button's data, so the click is asked like a typed question;
 * `offset` asks for the next page of a list ("more").
 */
export const CardSubmissionSchema = z.object({
  query: z.string().trim().min(1).max(500),
  offset: z.number().int().min(0).optional(),
});
export type CardSubmission = z.infer<typeof CardSubmissionSchema>;

/** The submission in a message's `value`, or null when the message was typed rather than clicked. */
export function readCardSubmission(value: unknown): CardSubmission | null {
  const result = CardSubmissionSchema.safeParse(value);
  return result.success ? result.data : null;
}
