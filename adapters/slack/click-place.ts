import { z } from "zod";

/** Where the clicked button was: a message (maybe ephemeral, maybe in a thread), or a view (App Home). */
const ContainerSchema = z.union([
  z.object({
    type: z.literal("message"),
    channel_id: z.string(),
    is_ephemeral: z.boolean().optional(),
    thread_ts: z.string().optional(),
  }),
  z.object({ type: z.literal("view") }),
]);

/** A click on a message's button: its channel, its thread, and whether only the clicker sees the message. */
export interface MessagePlace {
  readonly kind: "message";
  readonly channel: string;
  readonly ephemeral: boolean;
  readonly threadTs?: string | undefined;
}

/** Where a click came from; a view (App Home) has no conversation to answer in. */
export type ClickPlace = MessagePlace | { readonly kind: "view" };

/** The click's place, from `container` and the clicked message; null when Slack sent neither shape. */
export function readClickPlace(
  container: unknown,
  message?: { readonly ts?: string; readonly thread_ts?: string },
): ClickPlace | null {
  const parsed = ContainerSchema.safeParse(container);
  if (!parsed.success) return null;
  if (parsed.data.type === "view") return { kind: "view" };
  return {
    kind: "message",
    channel: parsed.data.channel_id,
    ephemeral: parsed.data.is_ephemeral ?? false,
    threadTs: message?.thread_ts ?? parsed.data.thread_ts,
  };
}
