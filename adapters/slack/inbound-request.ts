import { z } from "zod";

/** An Events API delivery: `event_id` is what deduplication keys on, so it must be there. */
const EventCallbackSchema = z.object({
  type: z.literal("event_callback"),
  event_id: z.string().min(1),
  team_id: z.string().min(1),
  event: z.looseObject({ type: z.string().min(1) }),
});

/** A slash command, as Slack posts it (form fields). */
const SlashCommandSchema = z.object({
  command: z.string().startsWith("/"),
  text: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  team_id: z.string().min(1),
  response_url: z.url(),
});

/** A button click; `container` says where the clicked message (or App Home view) is. */
const BlockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: z.string().min(1) }),
  actions: z.array(z.looseObject({ action_id: z.string().min(1) })).min(1),
  container: z.looseObject({ type: z.string() }),
});

/** A modal submitted; the listener reads the view's state and metadata itself (modal-submission.ts). */
const ViewSubmissionSchema = z.object({
  type: z.literal("view_submission"),
  user: z.looseObject({ id: z.string().min(1) }),
  view: z.looseObject({ callback_id: z.string(), private_metadata: z.string(), state: z.looseObject({}) }),
});

/** Slack tells an app it dropped events because the app was too slow; it only wants a 200. */
const AppRateLimitedSchema = z.object({ type: z.literal("app_rate_limited") });

export type InboundCheck =
  | { readonly kind: "handle" }
  | { readonly kind: "rate-limited" }
  | { readonly kind: "invalid"; readonly problem: string };

/**
 * Checks a request body Bolt has verified and parsed, before Bolt dispatches it. Bolt itself lets
 * bodies it cannot classify time out (404 after 3 s) and crashes with a 500 on some missing fields;
 * these get a 400 at once instead. Only the kinds of request this app subscribes to are accepted.
 */
export function checkInboundRequest(body: unknown): InboundCheck {
  if (AppRateLimitedSchema.safeParse(body).success) return { kind: "rate-limited" };
  const kind = requestKind(body);
  if (!kind) return { kind: "invalid", problem: "not an event, slash command, block action or view submission" };
  const result = kind.safeParse(body);
  if (result.success) return { kind: "handle" };
  return {
    kind: "invalid",
    problem: result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "),
  };
}

function requestKind(body: unknown): z.ZodType | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const fields = body as Record<string, unknown>;
  if (fields.type === "event_callback") return EventCallbackSchema;
  if (fields.type === "block_actions") return BlockActionsSchema;
  if (fields.type === "view_submission") return ViewSubmissionSchema;
  if ("command" in fields) return SlashCommandSchema;
  return null;
}
