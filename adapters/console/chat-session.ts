import type { ChatMessage, Core } from "../../src/app/start-core.js";
import type { FormAction } from "../../src/chat/form.js";
import type { Reply, Suggestion } from "../../src/conversation/reply.js";
import { recogniseDatabaseUnavailable } from "../../src/db/database-unavailable.js";
import { type ConsoleIo, type FormDesk, runFormAction } from "./guided-form.js";
import { renderText } from "./render-text.js";

/** The core as the console chat uses it. */
export type ChatCore = Pick<Core, "answerChat" | "openForm" | "submitForm">;

export const CHAT_BANNER =
  'iap-bot console. Ask about IAP agreements ("help" for examples, "new" to start a request, "quit" to leave).\n';

const QUIT = /^\s*(quit|exit|bye)\s*$/i;
const MORE = /^\s*(more|next|next page)\s*[.!]?\s*$/i;
const NUMBER = /^\s*(\d{1,3})\s*[.)]?\s*$/;

/**
 * The conversation `npm run chat` holds: each line goes to the core as a chat message from `userId`
 * on the CONSOLE platform, and each reply is printed. Typing "more" continues the last list, and
 * typing a number chooses one of the last reply's actions (the console's buttons), which may walk
 * the person through a form. Ends on "quit" or when input ends.
 */
export async function runChatSession(core: ChatCore, io: ConsoleIo, userId: string): Promise<void> {
  const desk: FormDesk = {
    openForm: (formId) => core.openForm("CONSOLE", userId, formId),
    submitForm: (formId, values) => core.submitForm({ platform: "CONSOLE", userId, formId, values }),
  };
  /** The last list's "more" follow-up: typing "more" continues it, as the button does on Slack and Teams. */
  let more: Suggestion | undefined;
  /** The last reply's actions, chosen by number. */
  let actions: readonly FormAction[] = [];
  const show = (reply: Reply) => {
    more = reply.suggestions?.find((suggestion) => suggestion.offset !== undefined);
    actions = reply.actions ?? [];
    io.write(`${renderText(reply)}\n\n`);
  };

  io.write(CHAT_BANNER);
  while (true) {
    const line = await io.read("> ");
    if (line === null) {
      io.write("\n"); // so the shell's prompt starts on a line of its own after Ctrl-D
      return;
    }
    if (QUIT.test(line)) return;
    if (!line.trim()) continue;
    const number = NUMBER.exec(line)?.[1];
    if (number !== undefined && actions.length > 0) {
      const action = actions[Number(number) - 1];
      if (!action) {
        io.write(`There are ${actions.length} choices: type a number from 1 to ${actions.length}.\n\n`);
        continue;
      }
      const outcome = await runFormAction(desk, action, io);
      if (outcome.status === "ended") {
        io.write("\nNothing was submitted.\n");
        return;
      }
      // After "cancel" the same choices stand, so the person can start again with a number.
      if (outcome.status === "cancelled") io.write("\nCancelled: nothing was submitted.\n\n");
      else show(outcome.reply);
      continue;
    }
    const question = more && MORE.test(line) ? { text: more.query, offset: more.offset } : { text: line };
    show(await answerOrExplain(core, { platform: "CONSOLE", conversationId: "chat", userId, ...question }));
  }
}

/**
 * The core's answer; when the database cannot be reached, a reply saying so, so the session
 * outlives an outage and the person can ask again. Any other failure ends the session loudly.
 */
async function answerOrExplain(core: ChatCore, message: ChatMessage): Promise<Reply> {
  try {
    return (await core.answerChat(message)).reply;
  } catch (error) {
    const unreachable = recogniseDatabaseUnavailable(error);
    if (!unreachable) throw error;
    return { kind: "unavailable", text: unreachable.userMessage };
  }
}
