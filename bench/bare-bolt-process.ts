/**
 * The floor for bench/replicas.ts, in its own process as a replica is: Bolt verifying the
 * signature of `/iap …`, acking, and posting a fixed answer to the response_url. The same path
 * as iap-bot's minus our core (no database, no parsing, no rendering).
 * Environment: PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL.
 */
import { App, ExpressReceiver } from "@slack/bolt";
import { z } from "zod";

const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535),
    SLACK_SIGNING_SECRET: z.string().min(1),
    SLACK_BOT_TOKEN: z.string().startsWith("xoxb-"),
    SLACK_API_URL: z.url(),
  })
  .parse(process.env);

const receiver = new ExpressReceiver({ signingSecret: env.SLACK_SIGNING_SECRET, processBeforeResponse: false });
const app = new App({ token: env.SLACK_BOT_TOKEN, receiver, clientOptions: { slackApiUrl: env.SLACK_API_URL } });
app.command("/iap", async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: "ephemeral", replace_original: false, text: "A fixed answer." });
});
receiver.router.get("/healthz", (_request, response) => {
  response.json({ status: "ok" });
});
await app.start(env.PORT);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    app.stop().finally(() => process.exit(0));
  });
}
