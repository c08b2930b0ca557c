import { describe, expect, it } from "vitest";
import type { AgreementFilter, Intent, ParseContext, PolicyTopic } from "../src/conversation/intent.js";
import { parseIntent } from "../src/conversation/parse-intent.js";
import type { AgreementCategory } from "../src/registry/registry-document.js";

/** Sunday 22 November 2026, 10:00 in Toronto. */
const context: ParseContext = { now: new Date("2026-11-22T15:00:00Z"), timeZone: "America/Toronto" };
const parse = (text: string): Intent => parseIntent(text, context);

describe("parseIntent", () => {
  describe("status of one agreement", () => {
    it.each([
      ["what's happening with Milan?", "Milan"],
      ["Kiev", "Kiev"],
      ["tell me about HCMC", "HCMC"],
      ["status of Milan", "Milan"],
      ["Milan status", "Milan"],
      ["how is our partnership with Frankfurt going", "Frankfurt"],
      ["info on Rio", "Rio"],
      ["what about Sagami-hara?", "Sagami-hara"],
      ["Hong Kong", "Hong Kong"],
      ["what's going on with Chongqing", "Chongqing"],
      ["any news on Warsaw?", "Warsaw"],
      ["update on Quito please", "Quito"],
      ["details for Ho Chi Minh City", "Ho Chi Minh City"],
      ["how are things with Chicago", "Chicago"],
      ["what's the situation with Lisbon", "Lisbon"],
      ["what's new with Matera", "Matera"],
      ["show me Sagamihara", "Sagamihara"],
      ["tell me about the agreement with Rio de Janeiro", "Rio de Janeiro"],
      ["status of the City of Milan", "Milan"],
      ["Milan partnership status", "Milan"],
      ["what do we have with Milan", "Milan"],
      ["agreements with Milan", "Milan"],
      ["info on São Paulo", "São Paulo"],
      [
        "Federation of Indian Chambers of Commerce and Industry",
        "Federation of Indian Chambers of Commerce and Industry",
      ],
      ["tell me about the PanCanada Chamber of Commerce, Panama City", "PanCanada Chamber of Commerce, Panama City"],
      ["status of State of Maharashtra", "State of Maharashtra"],
      ["what's new with New Delhi", "New Delhi"],
    ])("reads '%s' as a status question about %s", (text, subject) => {
      expect(parse(text)).toEqual({ kind: "agreement-status", subject });
    });

    it.each([
      ["tell me about Portugal", "Portugal"],
      ["Portugal", "Portugal"],
      ["Mexico City", "Mexico City"],
      ["Panama City", "Panama City"],
      ["how is our partnership with Portugal going", "Portugal"],
      ["agreements in Mexico City", "Mexico City"],
      ["what do we have in Seoul?", "Seoul"],
    ])("reads '%s' as about the counterparty %s, not a country filter", (text, subject) => {
      expect(parse(text)).toEqual({ kind: "agreement-status", subject });
    });

    it.each([["status"], ["tell me more"], ["what about it?"]])(
      "reads '%s' as about the agreement just discussed ('it')",
      (text) => {
        expect(parse(text)).toEqual({ kind: "agreement-status", subject: "it" });
      },
    );

    it.each([
      ["tell me about partnership cities", { category: "PARTNERSHIP_CITY" }],
      ["tell me about partnership cities in Europe", { category: "PARTNERSHIP_CITY", region: "Europe" }],
      ["status of historical agreements", { category: "HISTORICAL" }],
    ])("reads '%s' as a list, because it names a kind of agreement", (text, filter) => {
      expect(parse(text)).toEqual({ kind: "list-agreements", filter });
    });

    const registryNames = [
      "Chicago",
      "Chongqing",
      "Frankfurt am Main",
      "Ho Chi Minh City",
      "Saigon",
      "Kyiv",
      "Milano",
      "Rio de Janeiro",
      "Sagami-hara",
      "Warszawa",
      "Lisboa",
      "Matera",
      "Dubai Investment Development Agency",
      "COMCE Noreste",
      "Monterrey",
      "Dunedin",
      "FICCI",
      "Hong Kong Trade Development Council",
      "Invest São Paulo",
      "Jaffna",
      "Mexico City",
      "PanCanada Chamber of Commerce",
      "Portugal",
      "Shenzhen",
      "Maharashtra",
      "Thrace Regional Development Agency",
      "Trakya",
      "Uruguay XXI",
      "Montevideo",
      "Wuxi",
      "Austin-Toronto Music City Alliance",
    ];
    const statusTemplates = ["%", "status of %", "what's happening with %?", "% status", "what about %?"];
    const dateTemplates = ["when was % signed", "when does the % agreement expire", "% end date"];

    it.each(registryNames)("cuts the name '%s' out of every status and date wording unchanged", (name) => {
      for (const template of statusTemplates) {
        expect(parse(template.replace("%", name)), template).toEqual({ kind: "agreement-status", subject: name });
      }
      for (const template of dateTemplates) {
        expect(parse(template.replace("%", name)), template).toMatchObject({ kind: "agreement-date", subject: name });
      }
    });
  });

  describe("dates of one agreement", () => {
    it.each([
      ["when was Chongqing signed", "Chongqing", "established"],
      ["when did we sign with Frankfurt", "Frankfurt", "established"],
      ["when was the Warsaw agreement established", "Warsaw", "established"],
      ["how old is the Chicago partnership", "Chicago", "established"],
      ["when was Sagamihara founded?", "Sagamihara", "established"],
      ["what year did we partner with Kyiv", "Kyiv", "established"],
      ["Chongqing established?", "Chongqing", "established"],
      ["how long have we been partners with Chicago", "Chicago", "established"],
      ["when was Milan approved", "Milan", "established"],
      ["when does Lisbon end", "Lisbon", "term-end"],
      ["when does the Matera agreement expire", "Matera", "term-end"],
      ["Lisbon end date", "Lisbon", "term-end"],
      ["term end for Milan", "Milan", "term-end"],
      ["when does Lisbon’s term end?", "Lisbon", "term-end"],
      ["when is Milan up for renewal", "Milan", "term-end"],
      ["is Lisbon expiring soon", "Lisbon", "term-end"],
      ["expiry date of Quito", "Quito", "term-end"],
      ["term end for Hong Kong", "Hong Kong", "term-end"],
      ["when did the Lisbon term start", "Lisbon", "term-start"],
      ["term start for Matera", "Matera", "term-start"],
      ["Warsaw start date", "Warsaw", "term-start"],
    ])("reads '%s' as asking for %s's %s date", (text, subject, which) => {
      expect(parse(text)).toEqual({ kind: "agreement-date", subject, which });
    });

    it.each([
      ["when was it established?", "established"],
      ["when does it end?", "term-end"],
      ["when does the agreement expire", "term-end"],
    ])("reads '%s' as a follow-up about the agreement just discussed", (text, which) => {
      expect(parse(text)).toEqual({ kind: "agreement-date", subject: "it", which });
    });
  });

  describe("lists", () => {
    it.each<[string, AgreementFilter]>([
      ["list the international projects", { category: "INTERNATIONAL_PROJECT" }],
      ["show partnership cities", { category: "PARTNERSHIP_CITY" }],
      ["all historical agreements", { category: "HISTORICAL" }],
      ["historical agreements in China", { category: "HISTORICAL", country: "China" }],
      ["which agreements are in Italy", { country: "Italy" }],
      ["partnership cities in Europe", { category: "PARTNERSHIP_CITY", region: "Europe" }],
      ["agreements led by EDC", { leadDivision: "EDC" }],
      ["list agreements with lead division CCO-SPER", { leadDivision: "CCO-SPER" }],
      ["EDC-led agreements", { leadDivision: "EDC" }],
      ["agreements led by Economic Development and Culture", { leadDivision: "Economic Development and Culture" }],
      ["what are our sister cities", { category: "PARTNERSHIP_CITY" }],
      ["twin cities", { category: "PARTNERSHIP_CITY" }],
      ["friendship cities in Asia", { category: "PARTNERSHIP_CITY", region: "Asia" }],
      ["outside the IAP", { category: "OUTSIDE_IAP" }],
      ["which agreements are outside the IAP?", { category: "OUTSIDE_IAP" }],
      ["list everything", {}],
      ["all agreements", {}],
      ["list", {}],
      ["agreements in Portugal", { country: "Portugal" }],
      ["what do we have in Portugal", { country: "Portugal" }],
      ["any agreements in Japan?", { country: "Japan" }],
      ["Chinese partnership cities", { category: "PARTNERSHIP_CITY", country: "China" }],
      ["where are our partnership cities", { category: "PARTNERSHIP_CITY" }],
    ])("reads '%s' as a list with filter %o", (text, filter) => {
      expect(parse(text)).toEqual({ kind: "list-agreements", filter });
    });

    it.each<[string, AgreementCategory]>([
      ["histroical agreements", "HISTORICAL"],
      ["list historcal agreements", "HISTORICAL"],
      ["partnrship cities", "PARTNERSHIP_CITY"],
      ["show partnershp cities", "PARTNERSHIP_CITY"],
      ["internatonal projects", "INTERNATIONAL_PROJECT"],
      ["internationl project agreements", "INTERNATIONAL_PROJECT"],
      ["all histroical agreemnts", "HISTORICAL"],
    ])("corrects the misspelt category in '%s' to %s", (text, category) => {
      expect(parse(text)).toEqual({ kind: "list-agreements", filter: { category } });
    });

    it.each([
      ["USA", "United States"],
      ["the U.S.", "United States"],
      ["the US", "United States"],
      ["America", "United States"],
      ["the United States of America", "United States"],
      ["the UK", "United Kingdom"],
      ["Britain", "United Kingdom"],
      ["Viet Nam", "Vietnam"],
      ["Vietnam", "Vietnam"],
      ["the People's Republic of China", "China"],
      ["Türkiye", "Türkiye"],
      ["Turkey", "Türkiye"],
      ["UAE", "United Arab Emirates"],
      ["the United Arab Emirates", "United Arab Emirates"],
      ["Mexico", "Mexico"],
      ["Panama", "Panama"],
      ["Sri Lanka", "Sri Lanka"],
      ["South Korea", "South Korea"],
      ["Côte d'Ivoire", "Ivory Coast"],
    ])("maps the country 'agreements in %s' to %s", (country, name) => {
      expect(parse(`agreements in ${country}`)).toEqual({ kind: "list-agreements", filter: { country: name } });
    });

    it.each([
      ["Europe", "Europe"],
      ["Asia", "Asia"],
      ["Africa", "Africa"],
      ["the Americas", "Americas"],
      ["Latin America", "Latin America"],
      ["South America", "South America"],
      ["North America", "North America"],
      ["Central America", "Central America"],
      ["the Caribbean", "Caribbean"],
      ["the Middle East", "Middle East"],
      ["East Asia", "Eastern Asia"],
      ["Southeast Asia", "South-Eastern Asia"],
      ["Eastern Europe", "Eastern Europe"],
      ["Oceania", "Oceania"],
    ])("maps the region 'partnership cities in %s' to %s", (region, name) => {
      expect(parse(`partnership cities in ${region}`)).toEqual({
        kind: "list-agreements",
        filter: { category: "PARTNERSHIP_CITY", region: name },
      });
    });
  });

  describe("counts", () => {
    it.each<[string, AgreementFilter]>([
      ["how many partnership cities are there?", { category: "PARTNERSHIP_CITY" }],
      ["number of historical agreements in China", { category: "HISTORICAL", country: "China" }],
      ["count international projects", { category: "INTERNATIONAL_PROJECT" }],
      ["how many agreements are there?", {}],
      ["how many agreements do we have in Italy", { country: "Italy" }],
      ["total number of sister cities", { category: "PARTNERSHIP_CITY" }],
      ["how many historical agreements in Latin America", { category: "HISTORICAL", region: "Latin America" }],
    ])("reads '%s' as a count with filter %o", (text, filter) => {
      expect(parse(text)).toEqual({ kind: "count-agreements", filter });
    });
  });

  describe("expiring within a window (today is 22 November 2026 in Toronto)", () => {
    it.each([
      ["what expires in the next 6 months", "2026-11-22", "2027-05-22", "in the next 6 months (to 22 May 2027)"],
      ["expiring in the next six months", "2026-11-22", "2027-05-22", "in the next six months (to 22 May 2027)"],
      ["expiring this quarter", "2026-11-22", "2026-12-31", "this quarter (to 31 December 2026)"],
      ["what ends next quarter", "2027-01-01", "2027-03-31", "next quarter (1 January 2027 to 31 March 2027)"],
      ["expiring in Q3 2027", "2027-07-01", "2027-09-30", "in Q3 2027 (1 July 2027 to 30 September 2027)"],
      ["anything expiring before 2027", "2026-11-22", "2026-12-31", "before 2027 (to 31 December 2026)"],
      ["agreements ending in 2027", "2027-01-01", "2027-12-31", "in 2027"],
      ["expiring by the end of 2027", "2026-11-22", "2027-12-31", "by the end of 2027"],
      ["what expires after 2027", "2028-01-01", null, "after 2027"],
      ["what expires by March 31 2027", "2026-11-22", "2027-03-31", "by 31 March 2027"],
      ["expiring before June 2027", "2026-11-22", "2027-05-31", "before June 2027 (to 31 May 2027)"],
      ["expiring in December", "2026-12-01", "2026-12-31", "in December 2026"],
      ["expiring within 90 days", "2026-11-22", "2027-02-20", "in the next 90 days (to 20 February 2027)"],
      ["which terms end this year", "2026-11-22", "2026-12-31", "this year (to 31 December 2026)"],
      ["expiring next year", "2027-01-01", "2027-12-31", "next year (2027)"],
      ["what's up for renewal soon", "2026-11-22", "2027-05-22", "soon (in the next 6 months, to 22 May 2027)"],
      ["upcoming renewals", "2026-11-22", "2027-05-22", "soon (in the next 6 months, to 22 May 2027)"],
      ["what's expiring?", "2026-11-22", "2027-05-22", "in the next 6 months (to 22 May 2027)"],
      ["anything ending between March and June 2027", "2027-03-01", "2027-06-30", "in March 2027 to June 2027"],
      ["expired", null, "2026-11-21", "before today (22 November 2026)"],
      ["what has expired", null, "2026-11-21", "before today (22 November 2026)"],
      ["which agreements have lapsed?", null, "2026-11-21", "before today (22 November 2026)"],
      ["what expired in 2025", "2025-01-01", "2025-12-31", "in 2025"],
    ])("reads '%s' as term ends from %s to %s, said back as '%s'", (text, from, to, label) => {
      expect(parse(text)).toEqual({ kind: "expiring", window: { from, to, label }, filter: {} });
    });

    it.each<[string, AgreementFilter, string | null, string | null]>([
      ["partnership cities expiring in 2027", { category: "PARTNERSHIP_CITY" }, "2027-01-01", "2027-12-31"],
      ["what expires in Italy next year", { country: "Italy" }, "2027-01-01", "2027-12-31"],
      ["EDC-led agreements expiring in 2027", { leadDivision: "EDC" }, "2027-01-01", "2027-12-31"],
      [
        "international projects ending within 90 days",
        { category: "INTERNATIONAL_PROJECT" },
        "2026-11-22",
        "2027-02-20",
      ],
      ["which historical agreements expired", { category: "HISTORICAL" }, null, "2026-11-21"],
    ])("combines '%s' with the filter %o", (text, filter, from, to) => {
      expect(parse(text)).toMatchObject({ kind: "expiring", window: { from, to }, filter });
    });

    it("computes today in the context's zone: 03:00 UTC on 1 December is still 30 November in Toronto", () => {
      const lateEvening: ParseContext = { now: new Date("2026-12-01T03:00:00Z"), timeZone: "America/Toronto" };
      expect(parseIntent("expiring within 90 days", lateEvening)).toMatchObject({
        window: { from: "2026-11-30", to: "2027-02-28" },
      });
      expect(parseIntent("expiring this quarter", lateEvening)).toMatchObject({
        window: { from: "2026-11-30", to: "2026-12-31" },
      });
      const utc: ParseContext = { now: new Date("2026-12-01T03:00:00Z"), timeZone: "UTC" };
      expect(parseIntent("expiring within 90 days", utc)).toMatchObject({ window: { from: "2026-12-01" } });
    });
  });

  describe("gaps the 2024 policy cares about", () => {
    it.each([
      ["which agreements have no term end recorded", { kind: "no-term-end" }],
      ["missing end dates", { kind: "no-term-end" }],
      ["agreements without an expiry date", { kind: "no-term-end" }],
      ["which ones have no end date?", { kind: "no-term-end" }],
      ["agreements where the term end is not recorded", { kind: "no-term-end" }],
      ["which have no active project", { kind: "no-active-project" }],
      ["agreements with no projects", { kind: "no-active-project" }],
      ["which agreements lack a tangible project", { kind: "no-active-project" }],
      ["which have had no activity since 2023", { kind: "no-activity-since", year: 2023 }],
      ["no activity since 2020", { kind: "no-activity-since", year: 2020 }],
      ["agreements with no activity in the last 3 years", { kind: "no-activity-since", year: 2023 }],
      ["dormant agreements", { kind: "no-activity-since", year: 2025 }],
      ["which agreements are inactive?", { kind: "no-activity-since", year: 2025 }],
      ["which have no establishment date", { kind: "no-established-date" }],
      ["unknown start year", { kind: "no-established-date" }],
      ["agreements with no year established", { kind: "no-established-date" }],
    ])("reads '%s' as the gap %o", (text, gap) => {
      expect(parse(text)).toEqual({ kind: "gap", gap, filter: {} });
    });

    it.each<[string, AgreementFilter]>([
      ["partnership cities with no term end", { category: "PARTNERSHIP_CITY" }],
      ["international projects without an active project", { category: "INTERNATIONAL_PROJECT" }],
      ["dormant partnership cities in Europe", { category: "PARTNERSHIP_CITY", region: "Europe" }],
    ])("keeps the filter in '%s'", (text, filter) => {
      expect(parse(text)).toMatchObject({ kind: "gap", filter });
    });
  });

  describe("policy questions", () => {
    it.each<[string, PolicyTopic, AgreementCategory | null]>([
      ["who signs an international project?", "signing-authority", "INTERNATIONAL_PROJECT"],
      ["who can sign a partnership agreement", "signing-authority", "PARTNERSHIP_CITY"],
      ["who has signing authority?", "signing-authority", null],
      ["who approves a partnership city", "approval", "PARTNERSHIP_CITY"],
      ["does council need to approve an international project?", "approval", "INTERNATIONAL_PROJECT"],
      ["how long can a partnership last?", "term-limit", "PARTNERSHIP_CITY"],
      ["max term for an international project", "term-limit", "INTERNATIONAL_PROJECT"],
      ["term limit", "term-limit", null],
      ["how many years can a sister city agreement run", "term-limit", "PARTNERSHIP_CITY"],
      ["can partnerships be renewed?", "term-limit", "PARTNERSHIP_CITY"],
      ["how do I propose a new partner city?", "how-to-propose", "PARTNERSHIP_CITY"],
      ["I want to know how to propose a new partnership", "how-to-propose", "PARTNERSHIP_CITY"],
      ["how to submit a request", "how-to-propose", null],
      ["what are the eligibility criteria", "eligibility", null],
      ["who can be a partner", "eligibility", null],
      ["is a chamber of commerce eligible?", "eligibility", null],
      ["what are the assessment steps", "assessment-steps", null],
      ["how are proposals assessed", "assessment-steps", null],
      ["what is the review process", "assessment-steps", null],
      ["what categories are there", "categories", null],
      ["what's the difference between a partnership city and an international project", "categories", null],
      ["what is a partnership city?", "categories", "PARTNERSHIP_CITY"],
      ["can we sign an MOU", "mou", null],
      ["are MOUs still allowed?", "mou", null],
      ["who is in the working group", "working-group", null],
      ["when does the working group meet", "working-group", null],
      ["how much funding does a partnership city get", "funding", "PARTNERSHIP_CITY"],
      ["what's the budget for sister cities?", "funding", "PARTNERSHIP_CITY"],
    ])("reads '%s' as the policy topic %s (category %s)", (text, topic, category) => {
      expect(parse(text)).toEqual({ kind: "policy", topic, category });
    });
  });

  describe("requests to CCO-SPER", () => {
    it.each([
      ["status of request 12", 12],
      ["request 12", 12],
      ["request #12", 12],
      ["Request #12?", 12],
      ["where is request 12?", 12],
      ["what's happening with request 12", 12],
      ["request no. 7", 7],
      ["how is proposal 3 going", 3],
      ["status #41", 41],
      ["/iap request 12", 12],
      ["<@U123> status of request 12", 12],
    ])("reads '%s' as the status of request %d", (text, number) => {
      expect(parse(text)).toEqual({ kind: "request-status", number });
    });

    it.each([
      ["my requests"],
      ["what did I submit"],
      ["what have I submitted?"],
      ["where is my request?"],
      ["my proposals"],
    ])("reads '%s' as the asker's own requests", (text) => {
      expect(parse(text)).toEqual({ kind: "my-requests" });
    });

    it.each([
      ["what's waiting for initial assessment?", "INITIAL_ASSESSMENT"],
      ["what is waiting for approval", "APPROVAL"],
      ["what's awaiting the capacity assessment", "CAPACITY_ASSESSMENT"],
      ["requests at capacity assessment", "CAPACITY_ASSESSMENT"],
      ["which requests are waiting for Council", "APPROVAL"],
      ["new requests", "SUBMITTED"],
      ["what's in the intake pipeline", null],
      ["open requests", null],
      ["pending requests", null],
      ["requests", null],
      ["how many open requests are there", null],
      ["show the backlog", null],
    ])("reads '%s' as open requests at %s", (text, state) => {
      expect(parse(text)).toEqual({ kind: "open-requests", state });
    });

    it.each([
      ["what has been open longer than 6 months?", { amount: 6, unit: "month" }],
      ["requests open over 3 months", { amount: 3, unit: "month" }],
      ["requests open for more than six months", { amount: 6, unit: "month" }],
      ["which requests are older than a year", { amount: 1, unit: "year" }],
      ["what has been pending for over 90 days", { amount: 90, unit: "day" }],
      ["overdue requests", null],
      ["overdue", null],
      ["which requests are late?", null],
      ["requests past the target", null],
    ])("reads '%s' as requests open longer than %o", (text, olderThan) => {
      expect(parse(text)).toEqual({ kind: "overdue-requests", olderThan });
    });

    it.each([
      ["I want to propose a new partner city", "PARTNERSHIP_CITY"],
      ["I want to propose a new partnership", "PARTNERSHIP_CITY"],
      ["propose a sister city", "PARTNERSHIP_CITY"],
      ["new partnership", "PARTNERSHIP_CITY"],
      ["we'd like to start a partnership with Lyon", "PARTNERSHIP_CITY"],
      ["new international project", "INTERNATIONAL_PROJECT"],
      ["I'd like to submit an international project", "INTERNATIONAL_PROJECT"],
      ["I'd like an MOU with Lyon", "MOU_REQUEST"],
      ["new MOU", "MOU_REQUEST"],
      ["a delegation is visiting", "INBOUND_DELEGATION"],
      ["a delegation from Lyon is visiting next month", "INBOUND_DELEGATION"],
      ["we have a delegation coming in March", "INBOUND_DELEGATION"],
      ["renew our agreement with Milan", "RENEWAL"],
      ["I want to renew the Milan agreement", "RENEWAL"],
      ["new request", null],
      ["new", null],
      ["propose", null],
      ["submit", null],
      ["I'd like to make a request", null],
      ["request a new agreement", null],
      ["iap new", null],
    ])("reads '%s' as opening a new request (kind %s)", (text, requestKind) => {
      expect(parse(text)).toEqual({ kind: "new-request", requestKind });
    });

    it.each([
      ["role add @Ana coordinator", "COORDINATOR", null, "Ana"],
      ["make @Ana a coordinator", "COORDINATOR", null, "Ana"],
      ["promote @Ana to coordinator", "COORDINATOR", null, "Ana"],
      ["give @Ana the coordinator role", "COORDINATOR", null, "Ana"],
      ["role add @Bo division rep EDC", "DIVISION_REP", "EDC", "Bo"],
      ["make @Bo a division representative for EDC", "DIVISION_REP", "EDC", "Bo"],
      ["role add @Bo EDC division rep", "DIVISION_REP", "EDC", "Bo"],
      ["role add @Bo division rep", "DIVISION_REP", null, "Bo"],
      ["role remove @Ana", "STAFF", null, "Ana"],
      ["remove @Ana as coordinator", "STAFF", null, "Ana"],
      ["demote @Ana", "STAFF", null, "Ana"],
      ["role add @Ana staff", "STAFF", null, "Ana"],
      ["promote Ana to coordinator", "COORDINATOR", null, null],
      ["make Ana a coordinator", "COORDINATOR", null, null],
      ["role", null, null, null],
      ["role add @Ana", null, null, "Ana"],
    ])("reads '%s' as a role change to %s (division %s, mentioning %s)", (text, role, divisionCode, mentionedName) => {
      expect(parse(text)).toEqual({ kind: "change-role", role, divisionCode, mentionedName });
    });

    it.each([["audit request 12"], ["history of request 12"], ["request 12 history"], ["audit trail for request #12"]])(
      "reads '%s' as the audit trail of request 12",
      (text) => {
        expect(parse(text)).toEqual({ kind: "request-history", number: 12 });
      },
    );

    it.each([["audit log"], ["audit"], ["recent changes"], ["what changed"], ["show the audit trail"]])(
      "reads '%s' as the audit log",
      (text) => {
        expect(parse(text)).toEqual({ kind: "audit-log" });
      },
    );

    it.each<[string, Intent]>([
      [
        "how do I propose a partnership city?",
        { kind: "policy", topic: "how-to-propose", category: "PARTNERSHIP_CITY" },
      ],
      [
        "how do I propose a new partner city?",
        { kind: "policy", topic: "how-to-propose", category: "PARTNERSHIP_CITY" },
      ],
      ["how to submit a request", { kind: "policy", topic: "how-to-propose", category: null }],
      ["how are proposals assessed", { kind: "policy", topic: "assessment-steps", category: null }],
      ["who approves a partnership city", { kind: "policy", topic: "approval", category: "PARTNERSHIP_CITY" }],
      ["can we sign an MOU", { kind: "policy", topic: "mou", category: null }],
      ["can partnerships be renewed?", { kind: "policy", topic: "term-limit", category: "PARTNERSHIP_CITY" }],
      ["status Milan", { kind: "agreement-status", subject: "Milan" }],
      ["New York", { kind: "agreement-status", subject: "New York" }],
      ["what's new with New Delhi", { kind: "agreement-status", subject: "New Delhi" }],
      ["update on Quito please", { kind: "agreement-status", subject: "Quito" }],
      ["when is Milan up for renewal", { kind: "agreement-date", subject: "Milan", which: "term-end" }],
      ["show partnership cities", { kind: "list-agreements", filter: { category: "PARTNERSHIP_CITY" } }],
      ["give me the partnership cities", { kind: "list-agreements", filter: { category: "PARTNERSHIP_CITY" } }],
      ["give me the coordinators", { kind: "unknown", text: "give me the coordinators" }],
      [
        "how many partnership cities are there?",
        { kind: "count-agreements", filter: { category: "PARTNERSHIP_CITY" } },
      ],
    ])("keeps '%s' out of the intake", (text, intent) => {
      expect(parse(text)).toEqual(intent);
    });

    it("keeps agreement expiries apart from requests open a long time", () => {
      expect(parse("what expires in the next 6 months").kind).toBe("expiring");
      expect(parse("upcoming renewals").kind).toBe("expiring");
      expect(parse("which agreements have lapsed?").kind).toBe("expiring");
    });
  });

  describe("the working group's meetings", () => {
    it.each([
      ["digest"],
      ["/iap digest"],
      ["iap digest"],
      ["<@U123> digest"],
      ["Digest"],
      ["meeting digest"],
      ["the quarterly digest please"],
      ["prep for next meeting"],
      ["prepare the quarterly meeting"],
      ["prepare for the next working group meeting"],
      ["what's on the agenda for the next meeting?"],
      ["what's the agenda"],
      ["agenda for the working group"],
      ["get me ready for the meeting"],
    ])("reads '%s' as the digest for the next meeting", (text) => {
      expect(parse(text)).toEqual({ kind: "meeting-digest", quarter: null });
    });

    it.each([
      ["digest 2027Q1", 2027, 1],
      ["digest 2027-Q2", 2027, 2],
      ["digest for Q3 2027", 2027, 3],
      ["digest for 2028 Q1", 2028, 1],
      ["agenda for Q1 of 2027", 2027, 1],
      ["/iap digest q4-2027", 2027, 4],
      ["digest Q4", 2026, 4],
      ["digest Q1", 2027, 1],
      ["digest this quarter", 2026, 4],
      ["prepare next quarter's meeting", 2027, 1],
    ])("reads '%s' as the digest for %d Q%d's meeting (today is 22 November 2026)", (text, year, quarter) => {
      expect(parse(text)).toEqual({ kind: "meeting-digest", quarter: { year, quarter } });
    });

    it.each([["digest 2027Q5"], ["digest Q0"]])(
      "does not guess a meeting for the impossible quarter in '%s'",
      (text) => {
        expect(parse(text)).toEqual({ kind: "unknown", text });
      },
    );

    it.each([
      ["when is the next meeting?"],
      ["next meeting"],
      ["next meeting date"],
      ["when is the next working group meeting"],
      ["when's the upcoming meeting"],
      ["when do we meet next"],
    ])("reads '%s' as asking when the next meeting is", (text) => {
      expect(parse(text)).toEqual({ kind: "next-meeting" });
    });

    it.each<[string, Intent]>([
      ["when does the working group meet", { kind: "policy", topic: "working-group", category: null }],
      ["who is in the working group", { kind: "policy", topic: "working-group", category: null }],
      ["when is the council meeting", { kind: "unknown", text: "when is the council meeting" }],
      [
        "how do I prepare a proposal for a partner city?",
        { kind: "policy", topic: "how-to-propose", category: "PARTNERSHIP_CITY" },
      ],
      ["status of request 12", { kind: "request-status", number: 12 }],
      [
        "what expires next quarter",
        { kind: "expiring", window: expect.objectContaining({ from: "2027-01-01" }), filter: {} },
      ],
    ])("keeps '%s' apart from the meetings", (text, intent) => {
      expect(parse(text)).toEqual(intent);
    });
  });

  describe("reminders", () => {
    it.each([
      ["what reminders are coming up?"],
      ["upcoming reminders"],
      ["reminders"],
      ["any reminders coming up soon?"],
      ["/iap reminders"],
      ["which reminders are due?"],
      ["show me the upcoming remiders"],
    ])("reads '%s' as the reminders of the next 30 days", (text) => {
      expect(parse(text)).toEqual({ kind: "upcoming-reminders", window: null });
    });

    it.each([
      ["reminders this month", "2026-11-22", "2026-11-30"],
      ["reminders next week", "2026-11-23", "2026-11-29"],
      ["any reminders in December?", "2026-12-01", "2026-12-31"],
    ])("reads '%s' as the reminders from %s to %s", (text, from, to) => {
      expect(parse(text)).toEqual({
        kind: "upcoming-reminders",
        window: expect.objectContaining({ from, to }),
      });
    });

    it.each([
      ["who was reminded about Lisbon, and what did they answer?", "Lisbon"],
      ["reminders for Lisbon", "Lisbon"],
      ["reminder history for Lisbon", "Lisbon"],
      ["Lisbon reminders", "Lisbon"],
      ["show the reminders about the agreement with Rio de Janeiro", "Rio de Janeiro"],
      ["reminders for Ho Chi Minh City", "Ho Chi Minh City"],
      ["reminders for it", "it"],
      ["who was reminded?", "it"],
      ["reminder history", "it"],
    ])("reads '%s' as the reminder ledger of %s", (text, subject) => {
      expect(parse(text)).toEqual({ kind: "reminder-history", subject });
    });

    it.each<[string, string, string[], boolean]>([
      ["mute anniversaries for Warsaw", "Warsaw", ["ANNIVERSARY"], true],
      ["mute expiry reminders for Lisbon", "Lisbon", ["TERM_EXPIRY", "PROJECT_EXPIRY"], true],
      ["unmute anniversaries for Warsaw", "Warsaw", ["ANNIVERSARY"], false],
      ["please mute the term expiry reminders for Lisbon", "Lisbon", ["TERM_EXPIRY"], true],
      ["mute project end reminders for Lisbon", "Lisbon", ["PROJECT_EXPIRY"], true],
      ["unmute term expiry and project end reminders for Warsaw", "Warsaw", ["TERM_EXPIRY", "PROJECT_EXPIRY"], false],
      ["unmute anniversary and milestone reminders for Warsaw", "Warsaw", ["ANNIVERSARY", "MILESTONE_DUE"], false],
      ["mute reminders for Frankfurt am Main", "Frankfurt am Main", [], true],
      ["turn off anniversaries for Warsaw", "Warsaw", ["ANNIVERSARY"], true],
      ["turn the expiry reminders for Lisbon back on", "Lisbon", ["TERM_EXPIRY", "PROJECT_EXPIRY"], false],
      ["mute it", "it", [], true],
    ])("reads '%s' as muting reminders about %s", (text, subject, reminderKinds, mute) => {
      expect(parse(text)).toEqual({ kind: "mute-reminders", subject, reminderKinds, mute });
    });

    it.each([
      ["which posts failed?"],
      ["outbox"],
      ["failed posts"],
      ["failed reminders"],
      ["which reminders are stuck"],
      ["what failed to post?"],
      ["pending posts"],
    ])("reads '%s' as the posts that keep failing", (text) => {
      expect(parse(text)).toEqual({ kind: "failed-posts" });
    });

    it.each([["reminder settings"], ["show the reminder rules"], ["what are the reminder settings?"]])(
      "reads '%s' as the reminder settings",
      (text) => {
        expect(parse(text)).toEqual({ kind: "reminder-settings" });
      },
    );

    it.each<[string, string[], boolean | null, number[] | null, string | null]>([
      ["turn off anniversary reminders", ["ANNIVERSARY"], false, null, null],
      ["turn anniversary reminders on", ["ANNIVERSARY"], true, null, null],
      ["disable escalations", ["ESCALATION"], false, null, null],
      ["enable the national day reminders", ["SIGNIFICANT_DATE"], true, null, null],
      ["stop the milestone reminders", ["MILESTONE_DUE"], false, null, null],
      ["turn off the meeting digest", ["MEETING_DIGEST"], false, null, null],
      ["set expiry reminders to 120, 60, 14 days", ["TERM_EXPIRY", "PROJECT_EXPIRY"], null, [120, 60, 14], null],
      ["set anniversary reminders to 60 days and on the day", ["ANNIVERSARY"], null, [60, 0], null],
      ["change term expiry reminders to 90 and 30 days", ["TERM_EXPIRY"], null, [90, 30], null],
      ["set reminders to 10 days", [], null, [10], null],
      ["turn off reminders", [], false, null, null],
      ["set expiry reminders for Lisbon to 30 days", ["TERM_EXPIRY", "PROJECT_EXPIRY"], null, [30], "Lisbon"],
    ])("reads '%s' as changing a reminder rule", (text, reminderKinds, enabled, leadDays, subject) => {
      expect(parse(text)).toEqual({ kind: "change-reminder-rule", reminderKinds, enabled, leadDays, subject });
    });

    it.each<[string, Intent["kind"]]>([
      ["digest", "meeting-digest"],
      ["prep for next meeting", "meeting-digest"],
      ["when is the next meeting?", "next-meeting"],
      ["what is waiting for approval?", "open-requests"],
      ["overdue requests", "overdue-requests"],
      ["what expires in the next 6 months", "expiring"],
      ["when does Lisbon end", "agreement-date"],
      ["which agreements have no term end recorded", "gap"],
      ["who signs an international project?", "policy"],
      ["stop the Lisbon project", "agreement-status"],
      ["make @Ana a coordinator", "change-role"],
      ["which requests failed the initial assessment?", "open-requests"],
      ["renew our agreement with Milan", "new-request"],
    ])("keeps '%s' apart from the reminders (%s)", (text, kind) => {
      expect(parse(text).kind).toBe(kind);
    });
  });

  describe("source, help and greetings", () => {
    it.each([
      ["source?"],
      ["sources"],
      ["where does that come from?"],
      ["what's your source"],
      ["citation"],
      ["Source please"],
    ])("reads '%s' as asking for the sources of the last answer", (text) => {
      expect(parse(text)).toEqual({ kind: "source" });
    });

    it.each([["help"], ["?"], ["what can you do"], ["commands"], ["Help!"], ["/iap help"], ["/iap"]])(
      "reads '%s' as a request for help",
      (text) => {
        expect(parse(text)).toEqual({ kind: "help" });
      },
    );

    it.each([["hi"], ["hello"], ["thanks"], ["Thank you so much!"], ["hey there"], ["good morning"]])(
      "reads '%s' as a greeting",
      (text) => {
        expect(parse(text)).toEqual({ kind: "greeting" });
      },
    );

    it("reads past a greeting to the question", () => {
      expect(parse("hey, what's happening with Milan?")).toEqual({ kind: "agreement-status", subject: "Milan" });
      expect(parse("thanks! when was Chongqing signed")).toMatchObject({
        kind: "agreement-date",
        subject: "Chongqing",
      });
    });
  });

  describe("what it does not understand", () => {
    it.each([
      ["the quick brown fox jumps over the lazy dog because reasons"],
      ["what is the weather"],
      ["can you order pizza"],
      ["2027"],
    ])("reads '%s' as unknown, echoing the text", (text) => {
      expect(parse(text)).toEqual({ kind: "unknown", text });
    });

    it.each([[""], ["   "], ["\n\t"]])("reads empty input %j as unknown with empty text", (text) => {
      expect(parse(text)).toEqual({ kind: "unknown", text: "" });
    });

    it("reads a 100 KB message without throwing and echoes at most the part it examined", () => {
      const hostile = `<!channel> ${"*bold* <script>".repeat(8000)}`;
      const intent = parse(hostile);
      expect(intent.kind).toBe("unknown");
      expect(intent.kind === "unknown" && intent.text.length).toBeLessThanOrEqual(500);
      expect(parse("a".repeat(100_000)).kind).toBe("unknown");
      expect(parse("status of Milan ".repeat(7000))).toEqual({ kind: "agreement-status", subject: "Milan" });
      expect(parse("expiring ".repeat(12_000)).kind).toBe("expiring");
    });
  });

  describe("chat clutter", () => {
    it.each([
      ["<@U123> status of Milan", "Milan"],
      ["<@U123|iap-bot> what's happening with Milan?", "Milan"],
      ["<!channel> status of Milan", "Milan"],
      ["*Milan*", "Milan"],
      ["_Milan_", "Milan"],
      ["`Milan`", "Milan"],
      ["status of *Rio de Janeiro*", "Rio de Janeiro"],
      ["iap status Milan", "Milan"],
      ["/iap status Milan", "Milan"],
      ["status Milan", "Milan"],
      ["STATUS OF MILAN", "MILAN"],
      ["  what’s   happening   with   Milan ?? ", "Milan"],
      ["Status of milan.", "milan"],
      ["what's happening with São Paulo?", "São Paulo"],
      ["SAGAMI-HARA", "SAGAMI-HARA"],
    ])("reads '%s' as a status question about %s", (text, subject) => {
      expect(parse(text)).toEqual({ kind: "agreement-status", subject });
    });

    it.each([
      ["iap list historical", "list-agreements"],
      ["list historical", "list-agreements"],
      ["/iap expiring 90 days", "expiring"],
      ["expiring 90 days", "expiring"],
      ["iap sources", "source"],
      ["<@U123> how many partnership cities are there?", "count-agreements"],
    ])("reads the command '%s' as %s", (text, kind) => {
      expect(parse(text).kind).toBe(kind);
    });

    it.each(
      "milan lisbon matera quito warsaw dunedin jaffna shenzhen wuxi trakya seoul paris berlin basel turin naples genoa porto seville lagos accra dakar dallas denver salem tours split perth siena essen bergen malmo lille nantes sofia minsk tbilisi baku doha cairo tunis kampala harare durban hanoi taipei busan osaka kyoto manila dhaka lahore tehran ankara izmir athens madrid bilbao lyon"
        .split(" ")
        .map((city) => [city]),
    )("keeps the lower-case name '%s' as a name, never correcting it into a keyword", (city) => {
      expect(parse(city)).toEqual({ kind: "agreement-status", subject: city });
      expect(parse(`${city} status`)).toEqual({ kind: "agreement-status", subject: city });
      expect(parse(`when does ${city} end`)).toEqual({ kind: "agreement-date", subject: city, which: "term-end" });
    });

    it("never corrects a misspelt name into a keyword", () => {
      expect(parse("status of Chongquing")).toEqual({ kind: "agreement-status", subject: "Chongquing" });
      expect(parse("when was the PanCanada Chamber of Commerce signed")).toMatchObject({
        subject: "PanCanada Chamber of Commerce",
      });
      expect(parse("Basel")).toEqual({ kind: "agreement-status", subject: "Basel" });
    });
  });
});
