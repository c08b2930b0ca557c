import type { App } from "@slack/bolt";
import { toSlackDeliveryError } from "../errors.js";
import { renderHomeView } from "../render-blocks.js";
import type { SlackDeps } from "../slack-deps.js";

/** The App Home tab shows the registry at a glance, fresh each time it is opened. */
export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const view = renderHomeView(await deps.core.overview());
    try {
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      throw toSlackDeliveryError(error, event.channel);
    }
  });
}
