import { describe, expect, it } from "vitest";
import { readCardSubmission } from "../adapters/teams/card-submission.js";
import { renderCard } from "../adapters/teams/render-card.js";
import {
  type FormCard,
  type FormCardElement,
  fitsInTeams,
  type InputElement,
  renderFormActivity,
  renderFormCard,
} from "../adapters/teams/render-form-card.js";
import type { FormSpec } from "../src/chat/form.js";
import type { Reply } from "../src/conversation/reply.js";

const FORM: FormSpec = {
  id: "intake.event:7:3:RECORD_SIGNING",
  title: "Request 7: Record signing",
  intro: "Porto waterfront exchange. Record the signing.",
  submitLabel: "Record signing",
  fields: [
    { name: "name", label: "Name of the official who signed", kind: "text", required: true, maxLength: 300 },
    { name: "note", label: "Note", kind: "long-text", required: false, maxLength: 200_000, hint: "Optional." },
    { name: "signedOn", label: "Date signed", kind: "date", required: true },
    { name: "approved", label: "Approved?", kind: "yes-no", required: true, initial: "yes" },
    {
      name: "official",
      label: "Signing official",
      kind: "choice",
      required: true,
      options: [
        { value: "CITY_MANAGER", label: "City Manager" },
        { value: "DIVISION_HEAD", label: "Division Head" },
      ],
    },
    { name: "signingAuthority", label: "Signing authority (CAD)", kind: "amount", required: true },
  ],
};

const REFUSED: Reply = { kind: "refused", title: "Not recorded", text: "Nothing was recorded; correct these." };

const isInput = (element: FormCardElement): element is InputElement => element.type.startsWith("Input.");
const inputs = (card: FormCard) => card.body.filter(isInput);
const input = (card: FormCard, id: string) => inputs(card).find((candidate) => candidate.id === id)!;
const runsAfter = (card: FormCard, id: string) => {
  const at = card.body.findIndex((element) => isInput(element) && element.id === id);
  const next = card.body.findIndex((element, index) => index > at && isInput(element));
  return card.body
    .slice(at + 1, next === -1 ? undefined : next)
    .flatMap((element) => (element.type === "RichTextBlock" ? element.inlines : []));
};

describe("renderCard with form actions", () => {
  it("puts the step buttons first, coloured, then the suggestions, six at most", () => {
    const card = renderCard({
      kind: "answer",
      text: "Request 7 is at Approval.",
      actions: [
        { label: "Record signing", formId: "intake.event:7:3:RECORD_SIGNING", hasFields: true, style: "primary" },
        { label: "Complete", formId: "intake.event:7:3:COMPLETE_CAPACITY_ASSESSMENT", hasFields: false },
        { label: "Decline", formId: "intake.event:7:3:DECLINE", hasFields: true, style: "danger" },
      ],
      suggestions: Array.from({ length: 5 }, (_, index) => ({ label: `Ask ${index}`, query: `question ${index}` })),
    });

    expect(card.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Record signing",
        style: "positive",
        data: { form: "intake.event:7:3:RECORD_SIGNING" },
      },
      {
        type: "Action.Submit",
        title: "Complete",
        data: { form: "intake.event:7:3:COMPLETE_CAPACITY_ASSESSMENT", submit: true },
      },
      { type: "Action.Submit", title: "Decline", style: "destructive", data: { form: "intake.event:7:3:DECLINE" } },
      { type: "Action.Submit", title: "Ask 0", data: { query: "question 0" } },
      { type: "Action.Submit", title: "Ask 1", data: { query: "question 1" } },
      { type: "Action.Submit", title: "Ask 2", data: { query: "question 2" } },
    ]);
  });
});

describe("renderFormCard", () => {
  it("gives each field an input named after it, with its label, hint and whether it is required", () => {
    const card = renderFormCard(FORM);

    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(inputs(card).map((element) => [element.id, element.type])).toEqual([
      ["name", "Input.Text"],
      ["note", "Input.Text"],
      ["signedOn", "Input.Date"],
      ["approved", "Input.ChoiceSet"],
      ["official", "Input.ChoiceSet"],
      ["signingAuthority", "Input.Text"],
    ]);
    expect(input(card, "name")).toEqual({
      type: "Input.Text",
      id: "name",
      label: "Name of the official who signed",
      isRequired: true,
      errorMessage: "Required.",
      maxLength: 300,
    });
    expect(input(card, "note")).toMatchObject({ isMultiline: true, maxLength: 200_000 });
    expect(input(card, "note")).not.toHaveProperty("isRequired");
    expect(runsAfter(card, "note")).toEqual([{ type: "TextRun", text: "Optional.", size: "Small", isSubtle: true }]);
    expect(input(card, "approved")).toMatchObject({ style: "compact", value: "yes" });
    expect(input(card, "official")).toMatchObject({
      style: "compact",
      choices: [
        { title: "City Manager", value: "CITY_MANAGER" },
        { title: "Division Head", value: "DIVISION_HEAD" },
      ],
    });
    expect(input(card, "official")).not.toHaveProperty("value");
    expect(card.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Record signing",
        style: "positive",
        data: { form: FORM.id, submit: true, formCard: true },
      },
    ]);
    expect(card.body.filter((element) => !isInput(element)).map((element) => element.type)).not.toContain("TextBlock");
  });

  it("shows a refused attempt with what was typed, each problem under its field, and the summary on top", () => {
    const card = renderFormCard(FORM, {
      values: {
        name: "Jordan Park\u0000",
        note: "n".repeat(250_000),
        signedOn: "27/02/2026",
        approved: "TRUE",
        official: "MAYOR",
        signingAuthority: "$10,000",
      },
      errors: { signingAuthority: "The anticipated cost exceeds this authority.", reason: "Stray problem." },
      reply: REFUSED,
    });

    const top = card.body.slice(1, 4).flatMap((element) => (element.type === "RichTextBlock" ? element.inlines : []));
    expect(top).toEqual([
      { type: "TextRun", text: "Not recorded", weight: "Bolder", color: "Attention" },
      { type: "TextRun", text: "Nothing was recorded; correct these.", color: "Attention" },
      { type: "TextRun", text: "• Stray problem.", color: "Attention" },
    ]);
    expect(runsAfter(card, "signingAuthority")).toEqual([
      { type: "TextRun", text: "The anticipated cost exceeds this authority.", size: "Small", color: "Attention" },
    ]);
    expect(input(card, "signingAuthority")).toMatchObject({ value: "$10,000" });
    expect(input(card, "name")).toMatchObject({ value: "Jordan Park�" });
    expect((input(card, "note") as { value: string }).value).toHaveLength(200_000);
    expect(input(card, "approved")).toMatchObject({ value: "yes" });
    // A date input cannot hold "27/02/2026", nor a choice set a value it does not offer.
    expect(input(card, "signedOn")).not.toHaveProperty("value");
    expect(input(card, "official")).not.toHaveProperty("value");
  });

  it("says when a card shown again with what was typed would not fit in a Teams message", () => {
    const attempt = (note: string) => ({ values: { note }, errors: {}, reply: REFUSED });
    expect(fitsInTeams(renderFormActivity(FORM))).toBe(true);
    expect(fitsInTeams(renderFormActivity(FORM, attempt("A short note.")))).toBe(true);
    expect(fitsInTeams(renderFormActivity(FORM, attempt("n".repeat(30_000))))).toBe(false);
  });
});

describe("readCardSubmission", () => {
  it("tells a suggestion, a button that opens a form, a one-click step and a filled-in form card apart", () => {
    expect(readCardSubmission({ query: "status of Milan", offset: 25 })).toEqual({
      kind: "question",
      query: "status of Milan",
      offset: 25,
    });
    expect(readCardSubmission({ form: "intake.new:PARTNERSHIP_CITY" })).toEqual({
      kind: "open-form",
      formId: "intake.new:PARTNERSHIP_CITY",
    });
    expect(readCardSubmission({ form: "intake.event:7:3:START_INITIAL_ASSESSMENT", submit: true })).toEqual({
      kind: "submit-form",
      formId: "intake.event:7:3:START_INITIAL_ASSESSMENT",
      values: {},
      fromFormCard: false,
    });
    expect(readCardSubmission({ form: "f", submit: true, formCard: true, goals: "Trade" })).toMatchObject({
      fromFormCard: true,
      values: { goals: "Trade" },
    });
    expect(readCardSubmission(undefined)).toBeNull();
    expect(readCardSubmission({ form: "", submit: true })).toBeNull();
  });

  it("keeps only text values under field names, so a crafted key cannot reach the core", () => {
    const value = JSON.parse(
      '{"form":"f","submit":true,"formCard":true,"project.name":"x","activities.0.description":"y",' +
        '"__proto__.polluted":"yes","a..b":"z","count":3,"nested":{"a":"b"},"list":["c"]}',
    );
    expect(readCardSubmission(value)).toEqual({
      kind: "submit-form",
      formId: "f",
      values: { "project.name": "x", "activities.0.description": "y" },
      fromFormCard: true,
    });
  });
});
