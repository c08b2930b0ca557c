import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import express from "express";
import type { Config } from "../../src/config/config.js";
import type { AdapterContext, RunningAdapter } from "../server/start-bot.js";
import { createTurnHandler } from "./handle-turn.js";
import { checkInboundActivity } from "./inbound-activity.js";
import { createTeamsOutboundPort } from "./teams-outbound-port.js";

/** Teams messages are small (Teams itself caps them near 28 KB); anything far larger is not from Teams. */
const BODY_LIMIT = "256kb";

/**
 * Microsoft Teams through botbuilder's CloudAdapter on POST /api/messages. Always on: without
 * MicrosoftAppId it accepts unauthenticated local traffic, which is what the Bot Framework
 * Emulator sends (the config refuses that combination under NODE_ENV=production).
 */
export async function startTeams(context: AdapterContext): Promise<RunningAdapter> {
  const { app, config, core, logger } = context;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authenticationOptions(config)));
  const turn = createTurnHandler({ core, logger });

  app.post("/api/messages", express.json({ limit: BODY_LIMIT }), async (request, response) => {
    checkInboundActivity(request.body);
    await adapter.process(request, response, turn);
  });
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
