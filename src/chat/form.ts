import type { Reply } from "../conversation/reply.js";

/**
 * A form the core asks a person to fill in, as data: Slack renders it as a modal, Teams as an
 * Adaptive Card with inputs, the console as guided prompts. Values come back as text keyed by
 * field name; the core validates them (adapters never do), so every platform refuses the same things
 * with the same words.
 */

export type FormFieldKind = "text" | "long-text" | "date" | "yes-no" | "choice" | "amount";

export interface FormChoice {
  readonly value: string;
  readonly label: string;
}

export interface FormField {
  /** Key of the value in the submission, a dotted path such as "project.name" or "activities.0.description". */
  readonly name: string;
  readonly label: string;
  readonly kind: FormFieldKind;
  /** Shown as required; the core still checks it on submission. */
  readonly required: boolean;
  /** A line of help under the field. */
  readonly hint?: string;
  /** Longest accepted value, in characters (inputs may cap typing at it). */
  readonly maxLength?: number;
  /** The choices of a "choice" field. */
  readonly options?: readonly FormChoice[];
  /** What the field holds when the form opens (a value typed before, a sensible default). */
  readonly initial?: string;
}

export interface FormSpec {
  /** Opaque; sent back unchanged with the submission. */
  readonly id: string;
  readonly title: string;
  /** A sentence or two above the fields. */
  readonly intro?: string;
  readonly submitLabel: string;
  readonly fields: readonly FormField[];
}

/** What a person typed, by field name; blank means not given. */
export type FormValues = Readonly<Record<string, string>>;

/**
 * A button that opens a form, or, for a form without fields, does its one thing at once
 * ("Start the initial assessment"). Only the id travels through the platform; the form is built
 * when the button is clicked, so it reflects the request as it is then.
 */
export interface FormAction {
  readonly label: string;
  readonly formId: string;
  /** True when clicking opens a form to fill in; false when the click itself is the submission. */
  readonly hasFields: boolean;
  readonly style?: "primary" | "danger";
}

/** Opening a form: the form, or a reply saying why it cannot be filled in (not permitted, already decided). */
export type FormOpening =
  | { readonly ok: true; readonly form: FormSpec }
  | { readonly ok: false; readonly reply: Reply };

export type FormResult =
  /** Accepted: the reply tells the person what happened. */
  | { readonly status: "done"; readonly reply: Reply }
  /**
   * Not accepted because of what was typed: every problem by field name (shown next to the field),
   * and a reply listing them all for platforms that cannot show errors in place.
   */
  | { readonly status: "invalid"; readonly errors: Readonly<Record<string, string>>; readonly reply: Reply }
  /** Not accepted for a reason the form cannot fix (not permitted, someone else decided first): the form closes. */
  | { readonly status: "refused"; readonly reply: Reply }
  /**
   * Not recorded for now, for a reason that passes (the sender is over the submissions limit): the
   * form stays open with what was typed, to send again once the reply's wait is over.
   */
  | { readonly status: "later"; readonly reply: Reply };

/** Values nested into objects and lists, and where each list item came from in the form. */
export interface NestedValues {
  readonly input: Record<string, unknown>;
  /** For each list: the form slot of each item, so a problem with item 0 is shown at the slot it was typed in. */
  readonly slots: Readonly<Record<string, readonly number[]>>;
}

const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Reads dotted names back into objects and lists: {"project.name": "x"} → {project: {name: "x"}}.
 * Blank values are left out (so a missing required field says "required"); numbered groups named
 * in `listNames` ("activities.0.description") become lists without their blank slots.
 */
export function nestValues(values: FormValues, listNames: readonly string[] = []): NestedValues {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== "string" || value.trim() === "") continue;
    const path = name.split(".");
    // A name such as "__proto__.x" would otherwise write into Object.prototype: values come from users.
    if (path.some((key) => UNSAFE_KEYS.has(key))) continue;
    let node = input;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      if (typeof child !== "object" || child === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1) as string] = value;
  }
  const slots: Record<string, number[]> = {};
  for (const list of listNames) {
    const group = input[list];
    const items =
      typeof group === "object" && group !== null
        ? Object.entries(group as Record<string, unknown>)
            .filter(([key]) => /^\d+$/.test(key))
            .map(([key, item]) => [Number(key), item] as const)
            .sort(([a], [b]) => a - b)
        : [];
    input[list] = items.map(([, item]) => item);
    slots[list] = items.map(([slot]) => slot);
  }
  return { input, slots };
}
