import type { AdapterContext, RunningAdapter } from "../server/start-bot.js";

/** Slack over HTTP (POST /slack/events) or Socket Mode; null when Slack is not configured. */
export async function startSlack(_context: AdapterContext): Promise<RunningAdapter | null> {
  return null;
}
