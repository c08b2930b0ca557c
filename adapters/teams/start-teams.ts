import type { AdapterContext, RunningAdapter } from "../server/start-bot.js";

/** Microsoft Teams through botbuilder's CloudAdapter on POST /api/messages. */
export async function startTeams(_context: AdapterContext): Promise<RunningAdapter | null> {
  return null;
}
