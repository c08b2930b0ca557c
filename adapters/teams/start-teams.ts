import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import express from "express";
import type { Config } from "../../src/config/config.js";
import { runAsRequestOf } from "../server/request-id.js";
import type { AdapterContext, RunningAdapter } from "../server/start-bot.js";
import { createTurnHandler } from "./handle-turn.js";
import { checkInboundActivity } from "./inbound-activity.js";
import { createTeamsOutboundPort } from "./teams-outbound-port.js";

/**
 * Typed messages are small (Teams caps them near 28 KB), but a form card's submission carries every
 * field, and a proposal's descriptions each take a pasted document (TEXT_LIMITS.long, 200,000
 * characters; up to three bytes each in UTF-8): three 100 KB pastes already pass 300 KB. 1 MB, as
 * for Slack, keeps such forms and still refuses what no Teams client sends. Body-parser reads an
 * oversized body off the connection before answering 413, so the connection stays usable.
 */
const BODY_LIMIT = "1mb";

/**
 * Microsoft Teams through botbuilder's CloudAdapter on POST /api/messages. Always on: without
 * MicrosoftAppId it accepts unauthenticated local traffic, which is what the Bot Framework
 * Emulator sends (the config refuses that combination under NODE_ENV=production).
 */
export async function startTeams(context: AdapterContext): Promise<RunningAdapter> {
  const { app, config, core, logger } = context;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authenticationOptions(config)));
  const turn = createTurnHandler({ core, logger });

  app.post("/api/messages", express.json({ limit: BODY_LIMIT }), (request, response) =>
    runAsRequestOf(response, "TEAMS", async () => {
      checkInboundActivity(request.body);
      await adapter.process(request, response, turn);
    }),
  );
  context.outbound.register(createTeamsOutboundPort({ adapter, appId: config.MicrosoftAppId ?? "", core }));

  return {
    description: config.MicrosoftAppId
      ? `POST /api/messages for Microsoft app ${config.MicrosoftAppId} (${config.MicrosoftAppType})`
      : "POST /api/messages in unauthenticated local mode (Bot Framework Emulator); for Teams set MicrosoftAppId, MicrosoftAppPassword (and MicrosoftAppTenantId)",
    // Routes live on the shared app and the adapter holds no connections: nothing to close.
    stop: async () => {},
  };
}

/**
 * Without an app id the SDK disables authentication, but only if no app type is given: its
 * SingleTenant default (ours too) demands an app id and tenant.
 */
function authenticationOptions(config: Config) {
  if (!config.MicrosoftAppId) return {};
  return {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
}
