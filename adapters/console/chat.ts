import { createInterface } from "node:readline/promises";
import { startCore } from "../../src/app/start-core.js";
import type { Suggestion } from "../../src/conversation/reply.js";
import { systemClock } from "../../src/shared/clock.js";
import { renderText } from "./render-text.js";
import { consoleConfig } from "./run-console.js";

const { config, logger } = consoleConfig();
const core = await startCore({ config, clock: systemClock, logger });
const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });

process.stdout.write('iap-bot console. Ask about IAP agreements ("help" for examples, "quit" to leave).\n');
/** The last list's "more" follow-up: typing "more" continues it, as the button does on Slack and Teams. */
let more: Suggestion | undefined;
try {
  while (true) {
    let line: string;
    try {
      line = await terminal.question("> ");
    } catch {
      break; // input closed (Ctrl-D or end of piped input)
    }
    if (/^\s*(quit|exit|bye)\s*$/i.test(line)) break;
    if (!line.trim()) continue;
    const question =
      more && /^\s*(more|next|next page)\s*[.!]?\s*$/i.test(line)
        ? { text: more.query, offset: more.offset }
        : { text: line };
    const reply = await core.ask({ conversationKey: "console:chat", ...question });
    more = reply.suggestions?.find((suggestion) => suggestion.offset !== undefined);
    process.stdout.write(`${renderText(reply)}\n\n`);
  }
} finally {
  terminal.close();
  await core.close();
}
