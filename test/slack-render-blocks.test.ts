import { describe, expect, it } from "vitest";
import { readFormAction } from "../adapters/slack/form-action.js";
import {
  BLOCK_LIMITS,
  type Block,
  escapeText,
  renderBlocks,
  renderFallbackText,
  renderHomeView,
} from "../adapters/slack/render-blocks.js";
import { readSuggestionValue } from "../adapters/slack/suggestion-value.js";
import type { Reply } from "../src/conversation/reply.js";
import { buttonsOf, textsOf } from "./support/slack-requests.js";

const milan: Reply = {
  kind: "answer",
  title: "Milan",
  text: "Milan (Italy) is a Partnership City agreement.",
  facts: [
    { label: "Category", value: "Partnership City", known: true },
    { label: "Term end", value: "not recorded", known: false },
  ],
  lists: [{ title: "Projects", items: [{ text: "Food policy", detail: "since 2015" }], total: 1 }],
  suggestions: [
    { label: "When does Milan end?", query: "when does Milan end?" },
    { label: "More (26–29 of 29)", query: "list all agreements", offset: 25 },
  ],
  sources: [{ source: { document: "staff-report-2024.txt", locator: "Table 1" }, about: "Milan: category" }],
};

const byType = (blocks: Block[], type: Block["type"]) => blocks.filter((block) => block.type === type);

describe("renderBlocks", () => {
  it("renders the title as a header, the text as a section and the facts as fields", () => {
    const blocks = renderBlocks(milan);
    expect(blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Milan", emoji: false } });
    expect(blocks[1]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "Milan (Italy) is a Partnership City agreement.", verbatim: true },
    });
    expect(textsOf(blocks)).toContain("*Category*\nPartnership City");
  });

  it("shows a value that is not recorded visibly, in italics", () => {
    expect(textsOf(renderBlocks(milan))).toContain("*Term end*\n_not recorded_");
    const blank: Reply = { kind: "answer", text: "x", facts: [{ label: "Lead division", value: "", known: false }] };
    expect(textsOf(renderBlocks(blank))).toContain("*Lead division*\n_not recorded_");
  });

  it("renders list items as bullets under the list's title, and the sources as context", () => {
    const blocks = renderBlocks(milan);
    expect(textsOf(blocks)).toContain("*Projects*\n• Food policy — since 2015");
    expect(byType(blocks, "context").at(-1)).toMatchObject({
      elements: [{ type: "mrkdwn", text: expect.stringMatching(/^Sources: .* \(ask "source\?" for details\)$/) }],
    });
  });

  it("renders suggestions as buttons carrying their question, and More with its offset", () => {
    const buttons = buttonsOf(renderBlocks(milan));
    expect(buttons.map((button) => button.action_id)).toEqual(["iap_suggestion_0", "iap_suggestion_1"]);
    expect(buttons.map((button) => readSuggestionValue(button.value))).toEqual([
      { query: "when does Milan end?" },
      { query: "list all agreements", offset: 25 },
    ]);
  });

  it("says which part of a paged list it shows", () => {
    const page: Reply = {
      kind: "list",
      text: "29 agreements",
      lists: [{ items: [{ text: "Wuxi" }, { text: "Yokohama" }], total: 29, offset: 27 }],
    };
    expect(textsOf(renderBlocks(page))).toContain("*Results (28–29 of 29)*\n• Wuxi\n• Yokohama");
  });

  it("escapes &, < and > in every text from the core, so data cannot mention @channel or hide a link", () => {
    const hostile = "<!channel> <@U1> <https://evil.example|Milan> R&D";
    const reply: Reply = {
      kind: "answer",
      title: hostile,
      text: hostile,
      facts: [{ label: hostile, value: hostile, known: true }],
      lists: [{ title: hostile, items: [{ text: hostile, detail: hostile }], total: 1 }],
      suggestions: [{ label: hostile, query: hostile }],
    };
    const blocks = renderBlocks(reply);
    const rendered = JSON.stringify([blocks.filter((block) => block.type !== "actions"), buttonsOf(blocks)[0]!.text]);
    expect(rendered).not.toMatch(/<!channel>|<@U1>|<https:|R&D/);
    expect(rendered).toContain("&lt;!channel&gt; &lt;@U1&gt; &lt;https://evil.example|Milan&gt; R&amp;D");
    expect(renderFallbackText(reply)).not.toMatch(/[<>]/);
    // The button's value is data for us, not text for Slack: it keeps the question as asked.
    expect(readSuggestionValue(buttonsOf(blocks)[0]!.value)).toEqual({ query: hostile });
  });

  it("keeps every text within Block Kit's limits, cutting with … and never inside an entity", () => {
    const long = "&".repeat(5000);
    const reply: Reply = {
      kind: "answer",
      title: long,
      text: long,
      facts: [{ label: "Notes", value: long, known: true }],
      suggestions: [{ label: long, query: long }],
    };
    const blocks = renderBlocks(reply);
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.headerText);
    expect(header.text.text).toMatch(/^(&amp;)+…$/);
    for (const text of textsOf(blocks)) expect(text.length).toBeLessThanOrEqual(BLOCK_LIMITS.sectionText);
    const field = textsOf(blocks).find((text) => text.startsWith("*Notes*"))!;
    expect(field.length).toBeLessThanOrEqual(BLOCK_LIMITS.fieldText);
    const [button] = buttonsOf(blocks);
    expect(button!.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.buttonText);
    expect(button!.value.length).toBeLessThanOrEqual(BLOCK_LIMITS.buttonValue);
  });

  it("does not split a character outside the Basic Multilingual Plane when cutting", () => {
    expect(escapeText("🇨🇦🇨🇦", 4)).toBe("🇨…");
    expect(escapeText("a\u0007b")).toBe("a�b");
  });

  it("puts at most 10 fields in a section and 25 buttons in an actions block", () => {
    const reply: Reply = {
      kind: "answer",
      text: "many",
      facts: Array.from({ length: 23 }, (_, n) => ({ label: `Fact ${n}`, value: `${n}`, known: true })),
      suggestions: Array.from({ length: 30 }, (_, n) => ({ label: `Ask ${n}`, query: `question ${n}` })),
    };
    const blocks = renderBlocks(reply);
    expect(byType(blocks, "section").map((block) => (block as { fields?: unknown[] }).fields?.length)).toEqual([
      undefined,
      10,
      10,
      3,
    ]);
    expect(byType(blocks, "actions").map((block) => (block as { elements: unknown[] }).elements.length)).toEqual([
      25, 5,
    ]);
    expect(new Set(buttonsOf(blocks).map((button) => button.action_id)).size).toBe(30);
  });

  it("packs a long list into few sections, and says so when a reply would pass 50 blocks", () => {
    const items = Array.from({ length: 25 }, (_, n) => ({ text: `Agreement ${n}`, detail: "Historical" }));
    const list: Reply = {
      kind: "list",
      text: "25",
      lists: [{ items, total: 29 }],
      suggestions: [milan.suggestions![1]!],
    };
    expect(renderBlocks(list)).toHaveLength(3);

    const huge: Reply = {
      kind: "list",
      text: "many lists",
      lists: Array.from({ length: 60 }, (_, n) => ({ title: `List ${n}`, items: [{ text: "x" }], total: 1 })),
      suggestions: [milan.suggestions![1]!],
    };
    const blocks = renderBlocks(huge);
    expect(blocks).toHaveLength(BLOCK_LIMITS.blocksPerMessage);
    expect(blocks.at(-1)!.type).toBe("actions");
    expect(textsOf([blocks.at(-2)!])[0]).toContain("Part of this answer was left out");
  });

  it("renders form actions as buttons carrying their form id, with their style, before the suggestions", () => {
    const card: Reply = {
      kind: "answer",
      title: "Request 7: Partnership City proposal: Lyon",
      text: "Submitted.",
      actions: [
        {
          label: "Start initial assessment",
          formId: "intake.event:7:1:START_INITIAL_ASSESSMENT",
          hasFields: false,
          style: "primary",
        },
        { label: "Decline", formId: "intake.event:7:1:DECLINE", hasFields: true, style: "danger" },
        { label: "Add a comment", formId: "intake.comment:7", hasFields: true },
      ],
      suggestions: [{ label: "Status of request 7", query: "status of request 7" }],
    };
    const blocks = renderBlocks(card);
    const [actions, suggestions] = byType(blocks, "actions") as { elements: unknown[] }[];
    expect(actions!.elements).toEqual([
      {
        type: "button",
        action_id: "iap_form_now_0",
        text: { type: "plain_text", text: "Start initial assessment", emoji: false },
        value: "intake.event:7:1:START_INITIAL_ASSESSMENT",
        style: "primary",
      },
      {
        type: "button",
        action_id: "iap_form_open_1",
        text: { type: "plain_text", text: "Decline", emoji: false },
        value: "intake.event:7:1:DECLINE",
        style: "danger",
      },
      {
        type: "button",
        action_id: "iap_form_open_2",
        text: { type: "plain_text", text: "Add a comment", emoji: false },
        value: "intake.comment:7",
      },
    ]);
    expect(buttonsOf([suggestions!]).map((button) => button.action_id)).toEqual(["iap_suggestion_0"]);
    expect(buttonsOf(blocks).map((button) => readFormAction(button.action_id, button.value))).toEqual([
      { formId: "intake.event:7:1:START_INITIAL_ASSESSMENT", hasFields: false },
      { formId: "intake.event:7:1:DECLINE", hasFields: true },
      { formId: "intake.comment:7", hasFields: true },
      null,
    ]);
  });

  it("keeps form buttons within Block Kit's limits: 25 to a block, labels cut, ids too long for a value left out", () => {
    const reply: Reply = {
      kind: "answer",
      text: "many steps",
      actions: [
        ...Array.from({ length: 27 }, (_, n) => ({
          label: `<!channel> step ${n} ${"x".repeat(100)}`,
          formId: `f:${n}`,
          hasFields: true,
        })),
        { label: "too long", formId: "f".repeat(BLOCK_LIMITS.buttonValue + 1), hasFields: false },
      ],
    };
    const blocks = renderBlocks(reply);
    expect(byType(blocks, "actions").map((block) => (block as { elements: unknown[] }).elements.length)).toEqual([
      25, 2,
    ]);
    const buttons = buttonsOf(blocks);
    expect(new Set(buttons.map((button) => button.action_id)).size).toBe(27);
    for (const button of buttons) {
      expect(button.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.buttonText);
      expect(button.text.text).toMatch(/^&lt;!channel&gt; step/);
    }
    expect(buttons.map((button) => button.value)).not.toContain("f".repeat(BLOCK_LIMITS.buttonValue + 1));
  });

  it("reads back only form buttons it made", () => {
    expect(readFormAction("iap_form_open_3", "intake.comment:7")).toEqual({
      formId: "intake.comment:7",
      hasFields: true,
    });
    expect(readFormAction("iap_form_now_0", "")).toBeNull();
    expect(readFormAction("iap_form_later_0", "intake.comment:7")).toBeNull();
    expect(readFormAction("iap_form_open_1", 42)).toBeNull();
  });

  it("renders App Home as a home view of the same blocks", () => {
    expect(renderHomeView(milan)).toEqual({ type: "home", blocks: renderBlocks(milan) });
  });
});
