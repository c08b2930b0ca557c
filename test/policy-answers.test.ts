import { describe, expect, it } from "vitest";
import type { PolicyTopic } from "../src/conversation/intent.js";
import { answerPolicyQuestion } from "../src/policy/policy-answers.js";
import { TERM_LIMITS } from "../src/policy/policy-rules.js";
import type { AgreementCategory } from "../src/registry/registry-document.js";
import { readableText, sourceText } from "./support/source-text.js";

const TOPICS: PolicyTopic[] = [
  "signing-authority",
  "approval",
  "term-limit",
  "how-to-propose",
  "eligibility",
  "assessment-steps",
  "categories",
  "mou",
  "working-group",
  "funding",
];
const CATEGORIES: (AgreementCategory | null)[] = [null, "PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"];

describe("policy answers", () => {
  it.each(TOPICS)("cite, for %s, passages that are in the documents word for word", (topic) => {
    for (const category of CATEGORIES) {
      const reply = answerPolicyQuestion(topic, category);
      expect(reply.sources?.length).toBeGreaterThan(0);
      for (const { source } of reply.sources ?? []) {
        expect(source.quote, `${topic} cites ${source.document} without a quote`).toBeDefined();
        expect(sourceText(source.document)).toContain(readableText(source.quote!));
      }
    }
  });

  it("keeps the term limits the 2024 report sets: five years renewable, three years", () => {
    expect(TERM_LIMITS.PARTNERSHIP_CITY).toMatchObject({ maxYears: 5, renewable: true });
    expect(TERM_LIMITS.INTERNATIONAL_PROJECT).toMatchObject({ maxYears: 3 });
  });

  it("tells who signs a Partnership City agreement and that Council approves it", () => {
    const reply = answerPolicyQuestion("signing-authority", "PARTNERSHIP_CITY");
    expect(reply.text).toBe(
      "City Council approves it; the Mayor, their designate or the City Manager signs it. Either way the agreement must be in a form satisfactory to the City Solicitor.",
    );
  });

  it("redirects MOU requests to the International Project route", () => {
    expect(answerPolicyQuestion("mou", null).text).toContain("handled as an International Project proposal");
  });
});
