import type { App } from "@slack/bolt";
import { registerAppHome } from "./listeners/app-home.js";
import { registerAppMention } from "./listeners/app-mention.js";
import { registerChannelMembership } from "./listeners/channel-membership.js";
import { registerDeduplication } from "./listeners/deduplicate-deliveries.js";
import { registerDirectMessage } from "./listeners/direct-message.js";
import { registerFormClick } from "./listeners/form-click.js";
import { registerFormSubmission } from "./listeners/form-submission.js";
import { registerSlashCommand } from "./listeners/slash-command.js";
import { registerSuggestionClick } from "./listeners/suggestion-click.js";
import { registerRequestLog } from "./log-request.js";
import type { SlackDeps } from "./slack-deps.js";

/**
 * Everything the app listens to (the manifest subscribes to the same): the request's log line and
 * deduplication first, as global middleware, then one listener per kind of request. Listener
 * errors end in one handler.
 */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerRequestLog(app, deps.logger);
  registerDeduplication(app, deps);
  registerSlashCommand(app, deps);
  registerAppMention(app, deps);
  registerDirectMessage(app, deps);
  registerAppHome(app, deps);
  registerSuggestionClick(app, deps);
  registerFormClick(app, deps);
  registerFormSubmission(app, deps);
  registerChannelMembership(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error.original ?? error, code: error.code }, "Slack request failed");
  });
}
