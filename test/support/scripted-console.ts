import type { ConsoleIo } from "../../adapters/console/guided-form.js";
import type { FormField } from "../../src/chat/form.js";

/** A console whose person types the given lines, one per prompt, then closes the input; it keeps the transcript. */
export class ScriptedConsole implements ConsoleIo {
  readonly #lines: string[];
  /** Everything shown and typed, as a terminal would show it. */
  transcript = "";
  /** The prompts shown, in order (one per line read, including the one answered by end of input). */
  readonly prompts: string[] = [];

  constructor(lines: readonly string[]) {
    this.#lines = [...lines];
  }

  async read(prompt: string): Promise<string | null> {
    this.prompts.push(prompt);
    this.transcript += prompt;
    const line = this.#lines.shift();
    if (line === undefined) return null;
    this.transcript += `${line}\n`;
    return line;
  }

  write(text: string): void {
    this.transcript += text;
  }

  /** Lines not read when the conversation ended. */
  get unread(): readonly string[] {
    return this.#lines;
  }
}

/** The lines that answer `fields` in order with `values` (blank for a field without one: its default, or nothing). */
export function answersFor(fields: readonly FormField[], values: Readonly<Record<string, string>>): string[] {
  return fields.map((field) => values[field.name] ?? "");
}
