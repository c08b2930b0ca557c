import { z } from "zod";

const ChannelAccountSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/**
 * The fields of an inbound activity the bot relies on. Checked before the activity reaches the
 * Bot Framework SDK, which would otherwise fail deep inside with a TypeError and a 500.
 */
const InboundActivitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().min(1).optional(),
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    name: z.string().optional(),
  }),
  from: ChannelAccountSchema,
  recipient: ChannelAccountSchema,
  text: z.string().optional(),
});

/** A request body that is not an activity the bot can handle: answered 400 by the shared error handler. */
class InvalidActivityError extends Error {
  readonly status = 400;
  readonly type = "invalid activity";
  constructor(message: string) {
    super(message);
    this.name = "InvalidActivityError";
  }
}

/** Throws InvalidActivityError naming every missing or malformed field. */
export function checkInboundActivity(body: unknown): void {
  const result = InboundActivitySchema.safeParse(body);
  if (result.success) return;
  throw new InvalidActivityError(
    result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "body"}: ${issue.message}`)
      .join("; "),
  );
}
