import { describe, expect, it } from "vitest";
import { modalErrors, readModalSubmission } from "../adapters/slack/modal-submission.js";
import { MODAL_LIMITS, renderFormModal, UnrenderableFormError } from "../adapters/slack/render-modal.js";
import type { FormField, FormSpec } from "../src/chat/form.js";
import { commentFields, EVENT_BUTTONS, eventFields, proposalForm } from "../src/intake/intake-forms.js";
import { INTAKE_KINDS } from "../src/intake/intake-kind.js";
import { INTAKE_EVENT_TYPES } from "../src/intake/intake-workflow.js";
import { fillInModal, type OpenedModal } from "./support/slack-requests.js";

const where = { formId: "intake.event:12345:3:RECORD_SIGNING", channel: "C0INTAKE", threadTs: "1767225600.000001" };

const aForm = (fields: FormField[], overrides: Partial<FormSpec> = {}): FormSpec => ({
  id: "test.form",
  title: "Test",
  submitLabel: "Send",
  fields,
  ...overrides,
});

/** Every form the intake desk makes: each kind's proposal, each step on each route (as big as they get), a comment. */
function everyIntakeForm(): FormSpec[] {
  const assignees = Array.from({ length: 150 }, (_, n) => ({ value: String(n + 1), label: `Person ${n + 1}` }));
  const steps = (["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT", "ENQUIRY"] as const).flatMap((route) =>
    INTAKE_EVENT_TYPES.map((type) =>
      aForm(eventFields(route, type, { divisionCode: "EDC" }, assignees), {
        id: `intake.event:2147483647:2147483647:${type}`,
        title: `Request 2147483647: ${EVENT_BUTTONS[type].label}`,
        intro: "Partnership City proposal: Lyon. ".repeat(200),
        submitLabel: EVENT_BUTTONS[type].label,
      }),
    ),
  );
  return [
    ...INTAKE_KINDS.map(proposalForm),
    ...steps,
    aForm(commentFields(), { title: "Comment on request 2147483647" }),
  ];
}

// biome-ignore lint/suspicious/noExplicitAny: blocks as rendered
const inputs = (modal: { blocks: any[] }) => modal.blocks.filter((block) => block.type === "input");

describe("renderFormModal", () => {
  it("renders every intake form within Slack's limits for modals", () => {
    for (const form of everyIntakeForm()) {
      const modal = renderFormModal(form, where);
      expect(modal.title.text.length, form.id).toBeLessThanOrEqual(MODAL_LIMITS.title);
      expect(modal.submit!.text.length).toBeLessThanOrEqual(MODAL_LIMITS.buttonText);
      expect(modal.close!.text.length).toBeLessThanOrEqual(MODAL_LIMITS.buttonText);
      expect(modal.blocks.length).toBeLessThanOrEqual(MODAL_LIMITS.blocks);
      expect(modal.private_metadata!.length).toBeLessThanOrEqual(MODAL_LIMITS.privateMetadata);
      const blockIds = inputs(modal).map((block) => block.block_id);
      expect(blockIds).toEqual(form.fields.map((field) => field.name));
      for (const block of inputs(modal)) {
        expect(block.block_id.length).toBeLessThanOrEqual(MODAL_LIMITS.blockId);
        expect(block.label.text.length).toBeLessThanOrEqual(MODAL_LIMITS.label);
        expect(block.element.max_length ?? 0).toBeLessThanOrEqual(MODAL_LIMITS.textInput);
        expect(block.element.options?.length ?? 0).toBeLessThanOrEqual(MODAL_LIMITS.options);
      }
    }
  });

  it("maps each kind of field to its input, required or optional, with its hint and initial value", () => {
    const modal = renderFormModal(
      aForm([
        { name: "name", label: "Name", kind: "text", required: true, maxLength: 300, hint: "As signed." },
        { name: "project.objective", label: "Objective", kind: "long-text", required: false, maxLength: 200_000 },
        { name: "signedOn", label: "Signed on", kind: "date", required: true, initial: "2027-02-01" },
        { name: "approved", label: "Approved?", kind: "yes-no", required: true, initial: "true" },
        {
          name: "official",
          label: "Official",
          kind: "choice",
          required: true,
          options: [
            { value: "CITY_MANAGER", label: "City Manager" },
            { value: "DIVISION_HEAD", label: "Division Head" },
          ],
          initial: "DIVISION_HEAD",
        },
        { name: "signingAuthority", label: "Authority (CAD)", kind: "amount", required: true },
      ]),
      where,
    );
    expect(modal).toMatchObject({ type: "modal", callback_id: "iap_form" });
    expect(JSON.parse(modal.private_metadata!)).toEqual(where);
    const [name, objective, signedOn, approved, official, authority] = inputs(modal);
    expect(name).toMatchObject({
      block_id: "name",
      optional: false,
      hint: { type: "plain_text", text: "As signed." },
      element: { type: "plain_text_input", action_id: "value", multiline: false, max_length: 300 },
    });
    // Slack's text inputs take at most 3,000 characters, whatever the core accepts.
    expect(objective).toMatchObject({
      optional: true,
      element: { type: "plain_text_input", multiline: true, max_length: 3000 },
    });
    expect(signedOn.element).toEqual({ type: "datepicker", action_id: "value", initial_date: "2027-02-01" });
    expect(approved.element.options.map((option: { value: string }) => option.value)).toEqual(["yes", "no"]);
    expect(approved.element.initial_option).toEqual({
      text: { type: "plain_text", text: "Yes", emoji: false },
      value: "yes",
    });
    expect(official.element).toMatchObject({ type: "static_select", initial_option: { value: "DIVISION_HEAD" } });
    expect(authority.element).toMatchObject({ type: "plain_text_input", multiline: false });
  });

  it("cuts a long title to 24 characters and shows it whole in a header; escapes every text", () => {
    const hostile = "<!channel> <@U1> & co";
    const modal = renderFormModal(
      aForm(
        [
          {
            name: "x",
            label: hostile,
            kind: "choice",
            required: true,
            hint: hostile,
            options: [{ value: "a", label: hostile }],
          },
        ],
        {
          title: "Request 12: Record Council decision",
          intro: hostile,
          submitLabel: "Record Council decision",
        },
      ),
      where,
    );
    expect(modal.title.text).toBe("Request 12: Record Coun…");
    expect(modal.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Request 12: Record Council decision", emoji: false },
    });
    expect(modal.submit!.text).toBe("Record Council decision");
    expect(JSON.stringify(modal.blocks)).not.toMatch(/<!channel>|<@U1>| & /);
    expect(JSON.stringify(modal.blocks)).toContain("&lt;!channel&gt; &lt;@U1&gt; &amp; co");
  });

  it("shows a choice with nothing to choose from as a note instead of an empty select", () => {
    const modal = renderFormModal(
      aForm([{ name: "personId", label: "Assign to", kind: "choice", required: true, options: [] }]),
      where,
    );
    expect(inputs(modal)).toEqual([]);
    expect(JSON.stringify(modal.blocks)).toContain("nothing to choose from");
  });

  it("refuses a form whose field name cannot be a block id", () => {
    expect(() =>
      renderFormModal(aForm([{ name: "x".repeat(256), label: "X", kind: "text", required: true }]), where),
    ).toThrow(UnrenderableFormError);
  });
});

describe("readModalSubmission", () => {
  const opened = () => {
    const form = aForm([
      { name: "name", label: "Name", kind: "text", required: true },
      { name: "signedOn", label: "Signed on", kind: "date", required: true },
      { name: "approved", label: "Approved?", kind: "yes-no", required: true },
    ]);
    return renderFormModal(form, where) as unknown as OpenedModal;
  };

  it("reads every input by its field's name, blank when left empty", () => {
    const modal = opened();
    const state = fillInModal(modal, { name: "Ana", approved: "no" });
    expect(readModalSubmission({ ...modal, state: { values: state } })).toEqual({
      metadata: where,
      values: { name: "Ana", signedOn: "", approved: "no" },
      inputBlockIds: ["name", "signedOn", "approved"],
    });
  });

  it("reads nothing from a view it did not make or whose metadata was tampered with", () => {
    const modal = opened();
    const state = { values: fillInModal(modal, {}) };
    expect(readModalSubmission({ ...modal, state, callback_id: "other" })).toBeNull();
    expect(readModalSubmission({ ...modal, state, private_metadata: "{not json" })).toBeNull();
    expect(readModalSubmission({ ...modal, state, private_metadata: JSON.stringify({ channel: "C1" }) })).toBeNull();
  });

  it("keeps a forged __proto__ block id an ordinary value", () => {
    const modal = opened();
    const values = { __proto__: { value: { type: "plain_text_input", value: "polluted" } } };
    const read = readModalSubmission({ ...modal, state: { values: JSON.parse(JSON.stringify(values)) } });
    expect(Object.getPrototypeOf(read!.values)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).value).toBeUndefined();
  });
});

describe("modalErrors", () => {
  it("puts each error next to its field, and one about anything else on the first input", () => {
    expect(
      modalErrors({ termEnd: "too long.", activities: "add one.", "": "whole form." }, ["termStart", "termEnd"]),
    ).toEqual({ termEnd: "too long.", termStart: "add one. whole form." });
  });

  it("escapes and cuts what it shows", () => {
    const errors = modalErrors({ name: `<!channel> ${"x".repeat(5000)}` }, ["name"])!;
    expect(errors.name!.startsWith("&lt;!channel&gt; x")).toBe(true);
    expect(errors.name!.length).toBeLessThanOrEqual(MODAL_LIMITS.error);
  });

  it("has nowhere to show errors in a view without inputs", () => {
    expect(modalErrors({ name: "required." }, [])).toBeNull();
  });
});
