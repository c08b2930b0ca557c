import { App, type Logger as BoltLogger, SocketModeReceiver, webApi } from "@slack/bolt";
import pLimit from "p-limit";
import type { Config } from "../../src/config/config.js";
import type { Logger } from "../../src/shared/logger.js";
import type { AdapterContext, RunningAdapter } from "../server/start-bot.js";
import { createBoltLogger } from "./bolt-logger.js";
import { CheckedExpressReceiver } from "./checked-express-receiver.js";
import { createConversationMemory } from "./conversation-memory.js";
import { limitBodySize } from "./limit-body-size.js";
import { registerListeners } from "./register-listeners.js";
import { createSlackOutboundPort } from "./slack-outbound-port.js";
import { tagSocketModeEvents } from "./tag-socket-events.js";

const SLACK_EVENTS_PATH = "/slack/events";

/**
 * Answers run a few at a time. Acknowledgements and answers share one event loop: with every
 * answer of a burst running at once, each new request's ack waited behind all of them; queued,
 * an ack waits for at most this many answers' next step. Answers have 30 minutes on a response_url.
 */
const ANSWERS_AT_ONCE = 2;

/** Slack sends small JSON or form posts (a message event is a few KB); anything over 1 MB is not from Slack. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Slack through Bolt: over HTTP on POST /slack/events of the shared server, or over Socket Mode
 * when SLACK_APP_TOKEN is set. Null when Slack is not configured. Starting verifies the bot token
 * (auth.test), so a wrong token stops the bot at start-up rather than at the first question.
 */
export async function startSlack(context: AdapterContext): Promise<RunningAdapter | null> {
  const { config, core } = context;
  if (!config.SLACK_BOT_TOKEN || (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN)) return null;
  const logger = context.logger.child({ adapter: "slack" });
  const boltLogger = createBoltLogger(logger);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);

  // Our own receiver in Socket Mode too, so stop() can wait until the socket has closed (Bolt's
  // stop() returns while it is still closing, and the database would close under it).
  const socketReceiver = config.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        logger: boltLogger,
        installerOptions: { clientOptions: webApiOptions(config) }, // for apps.connections.open
      })
    : null;
  if (socketReceiver) tagSocketModeEvents(socketReceiver);
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    logger: boltLogger,
    clientOptions: webApiOptions(config),
    // Call auth.test in init() below, where its failure can stop the start, not in the constructor.
    deferInitialization: true,
    receiver: socketReceiver ?? httpReceiver(context, logger, boltLogger),
  });
  // Ahead of every listener: what runs after the ack (answers on the response_url, chat.postMessage)
  // is counted, so a stopping bot sends it before it closes the database.
  app.use(({ next }) => context.inFlight.track(next()));
  registerListeners(app, {
    core,
    logger,
    conversations: createConversationMemory(core, logger),
    answering: pLimit(ANSWERS_AT_ONCE),
  });
  await app.init();
  if (socketReceiver) await app.start();
  // Posts made unasked go through the outbox, which retries with its own persisted back-off; this
  // client fails fast (no in-memory retries, 429 rejected with its Retry-After) so the outbox decides.
  context.outbound.register(
    createSlackOutboundPort(
      new webApi.WebClient(config.SLACK_BOT_TOKEN, {
        slackApiUrl: config.SLACK_API_URL,
        logger: boltLogger,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      }),
    ),
  );

  return {
    description: describe(config, socketMode),
    // Over HTTP the routes live on the shared server; only a Socket Mode connection needs closing.
    stop: async () => {
      await socketReceiver?.client.disconnect();
    },
  };
}

/**
 * A fresh object per client: the Socket Mode client writes its own retry policy (100 retries)
 * into the options it is given, which Bolt would then use for every Web API call, holding an
 * answer slot for hours when Slack is down. Bolt's default policy is kept explicit for the same reason.
 */
function webApiOptions(config: Config) {
  return { slackApiUrl: config.SLACK_API_URL, retryConfig: webApi.retryPolicies.tenRetriesInAboutThirtyMinutes };
}

/**
 * Bolt's receiver mounted on the shared express app. processBeforeResponse stays false: Bolt
 * answers an event's HTTP request before the listeners run, and commands and clicks when their
 * listener calls ack(), so a slow database never makes Slack time out and retry.
 */
function httpReceiver(context: AdapterContext, logger: Logger, boltLogger: BoltLogger) {
  // Registered before the receiver's route, so it runs first.
  context.app.post(SLACK_EVENTS_PATH, limitBodySize(BODY_LIMIT));
  return new CheckedExpressReceiver(
    {
      signingSecret: context.config.SLACK_SIGNING_SECRET ?? "",
      app: context.app,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      bodyLimit: BODY_LIMIT,
      logger: boltLogger,
    },
    logger,
  );
}

function describe(config: Config, socketMode: boolean): string {
  const api = config.SLACK_API_URL === "https://slack.com/api/" ? "" : ` (Web API at ${config.SLACK_API_URL})`;
  return socketMode ? `Socket Mode${api}` : `POST ${SLACK_EVENTS_PATH}, signed with SLACK_SIGNING_SECRET${api}`;
}
