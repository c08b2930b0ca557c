import { describe, expect, it } from "vitest";
import { readSlackText } from "../adapters/slack/inbound-text.js";
import { readNewRequestCommand } from "../adapters/slack/new-request-command.js";

describe("readSlackText", () => {
  it("turns each person mentioned into @name and lists their user ids in order, once each", () => {
    expect(readSlackText("role add <@U0ANA|ana> coordinator, like <@U0BEN> and <@U0ANA>")).toEqual({
      text: "role add @ana coordinator, like @U0BEN and @U0ANA",
      mentions: ["U0ANA", "U0BEN"],
    });
  });

  it("drops the bot's own mention, which only addresses the question", () => {
    expect(readSlackText("<@UBOT> role add <@U0ANA> coordinator", "UBOT")).toEqual({
      text: "role add @U0ANA coordinator",
      mentions: ["U0ANA"],
    });
  });

  it("reads channels, groups and links as their labels, and mentions nobody for them", () => {
    expect(
      readSlackText(
        "see <#C123|iap-wg> <!here> <!subteam^S1|@sper> <https://x.example|the report> <https://y.example>",
      ),
    ).toEqual({ text: "see #iap-wg @here @sper the report https://y.example", mentions: [] });
  });

  it("keeps markup typed as text (Slack sends it escaped) as words, mentioning nobody", () => {
    expect(readSlackText("status of &lt;@U1&gt; &amp; &lt;!channel&gt;")).toEqual({
      text: "status of <@U1> & <!channel>",
      mentions: [],
    });
  });

  it("collapses whitespace and trims", () => {
    expect(readSlackText("  status \n Milan  ")).toEqual({ text: "status Milan", mentions: [] });
    expect(readSlackText(undefined)).toEqual({ text: "", mentions: [] });
  });
});

describe("readNewRequestCommand", () => {
  it("reads the kind of `/iap new <kind>`", () => {
    expect(readNewRequestCommand("new partnership")).toEqual({ kind: "PARTNERSHIP_CITY" });
    expect(readNewRequestCommand("New Partnership City")).toEqual({ kind: "PARTNERSHIP_CITY" });
    expect(readNewRequestCommand("new project")).toEqual({ kind: "INTERNATIONAL_PROJECT" });
    expect(readNewRequestCommand("new mou")).toEqual({ kind: "MOU_REQUEST" });
    expect(readNewRequestCommand("new delegation")).toEqual({ kind: "INBOUND_DELEGATION" });
    expect(readNewRequestCommand("new renewal")).toEqual({ kind: "RENEWAL" });
  });

  it("asks which kind for `/iap new` alone", () => {
    expect(readNewRequestCommand("new")).toEqual({ kind: null });
    expect(readNewRequestCommand("new request")).toEqual({ kind: null });
  });

  it("leaves anything else to the core as a question", () => {
    expect(readNewRequestCommand("status Milan")).toBeNull();
    expect(readNewRequestCommand("new partnership cities in Europe")).toBeNull();
    expect(readNewRequestCommand("newest agreements")).toBeNull();
  });
});
