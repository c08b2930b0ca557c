import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { startCore } from "../../src/app/start-core.js";
import { systemClock } from "../../src/shared/clock.js";
import { runWithRequest } from "../../src/shared/request-context.js";
import { runChatSession } from "./chat-session.js";
import type { ConsoleIo } from "./guided-form.js";
import { consoleConfig } from "./run-console.js";

const { config, logger } = consoleConfig();
const core = await startCore({ config, clock: systemClock, logger });
const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
// Ctrl-C ends the chat as Ctrl-D does (readline would otherwise only pause), so a half-filled form is dropped.
terminal.on("SIGINT", () => terminal.close());
// The iterator queues lines that arrive while the core is still answering (piped input), where `question()` would drop them.
const lines = terminal[Symbol.asyncIterator]();
const io: ConsoleIo = {
  async read(prompt) {
    terminal.setPrompt(prompt);
    terminal.prompt();
    const next = await lines.next();
    return next.done ? null : next.value;
  },
  write: (text) => process.stdout.write(text),
};

try {
  // The console user is whoever runs it, as for `iap intake submit`: "my requests" finds what they submitted here.
  // One request id for the session: its log lines (on stderr) can be told from another session's.
  await runWithRequest(`chat-${randomUUID()}`, () => runChatSession(core, io, userInfo().username), "CONSOLE");
} finally {
  terminal.close();
  await core.close();
}
