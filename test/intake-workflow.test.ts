import { describe, expect, it } from "vitest";
import {
  type CapacityRecord,
  type Decision,
  decide,
  INTAKE_EVENT_TYPES,
  INTAKE_STATES,
  type IntakeEvent,
  IntakeEventSchema,
  type IntakeEventType,
  type IntakeState,
  isTerminal,
  nextStepHint,
  stateLabel,
  TERMINAL_STATES,
  TRANSITIONS,
  type WorkflowActor,
  type WorkflowRequest,
  type WorkflowRoute,
} from "../src/intake/intake-workflow.js";

// The Step 2 checklist keys as initial-assessment.ts words them; the workflow takes them as input.
const CHECKLIST: Record<WorkflowRoute, readonly string[]> = {
  PARTNERSHIP_CITY: [
    "meetsCoreEligibility",
    "clearAndCompelling",
    "strongMarketOrPartner",
    "comparablePopulationAndGdp",
    "jurisdictionOfInterest",
    "interestAndCapacity",
  ],
  INTERNATIONAL_PROJECT: [
    "meetsCoreEligibility",
    "clearAndCompelling",
    "jurisdictionOfInterest",
    "interestAndCapacity",
  ],
  ENQUIRY: [],
};
const ROUTES: readonly WorkflowRoute[] = ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT", "ENQUIRY"];

const REQUESTER_ID = 7;
const COORDINATOR: WorkflowActor = { personId: 1, role: "COORDINATOR", divisionCode: "CCO-SPER" };
const EDC_REP: WorkflowActor = { personId: 2, role: "DIVISION_REP", divisionCode: "EDC" };
const STAFF: WorkflowActor = { personId: 3, role: "STAFF", divisionCode: "EDC" };
const UNKNOWN_USER: WorkflowActor = { personId: null, role: "STAFF", divisionCode: null };
const THE_REQUESTER: WorkflowActor = { personId: REQUESTER_ID, role: "STAFF", divisionCode: "EDC" };

const fullCapacity = (divisionCode: string): CapacityRecord => ({
  divisionCode,
  staffing: true,
  budget: true,
  organisational: true,
  note: null,
});

function aRequest(route: WorkflowRoute, overrides: Partial<WorkflowRequest> = {}): WorkflowRequest {
  return {
    route,
    state: "SUBMITTED",
    requesterPersonId: REQUESTER_ID,
    anticipatedCost: route === "INTERNATIONAL_PROJECT" ? 40_000 : null,
    capacity: [],
    ...overrides,
  };
}

const allPositive = (route: WorkflowRoute) =>
  CHECKLIST[route].map((key) => ({ key, positive: true, note: "Meets it." }));

/** People a request may be given to, as the service loads them. */
const ASSIGNABLE = new Map([[7, "Avery Coordinator"]]);

const decideOn = (request: WorkflowRequest, event: IntakeEvent, actor: WorkflowActor = COORDINATOR): Decision =>
  decide(request, event, actor, { checklistKeys: CHECKLIST[request.route], assignable: ASSIGNABLE });

/** Applies a decision the way the service does: the new state, and any capacity record appended. */
function applied(request: WorkflowRequest, decision: Decision): WorkflowRequest {
  if (!decision.ok) throw new Error(`expected a transition, got ${decision.code}: ${decision.reason}`);
  return {
    ...request,
    state: decision.to,
    capacity: decision.record ? [...request.capacity, decision.record] : request.capacity,
  };
}

/** A valid event of each type, for the table-driven tests. */
const SAMPLE_EVENTS = (route: WorkflowRoute): Record<IntakeEventType, IntakeEvent> => ({
  START_INITIAL_ASSESSMENT: { type: "START_INITIAL_ASSESSMENT" },
  RECORD_INITIAL_ASSESSMENT: {
    type: "RECORD_INITIAL_ASSESSMENT",
    // An enquiry has no checklist; a well-formed assessment must still be refused as out of place.
    elements: allPositive(route === "ENQUIRY" ? "PARTNERSHIP_CITY" : route),
  },
  RECORD_CAPACITY: { type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: true, organisational: true },
  COMPLETE_CAPACITY_ASSESSMENT: { type: "COMPLETE_CAPACITY_ASSESSMENT" },
  RECORD_COUNCIL_DECISION: {
    type: "RECORD_COUNCIL_DECISION",
    approved: true,
    meeting: "City Council meeting 2026.CC40",
    decidedOn: "2026-06-25",
  },
  RECORD_SIGNING: {
    type: "RECORD_SIGNING",
    official: "DIVISION_HEAD",
    name: "Pat Example",
    signingAuthority: 50_000,
    signedOn: "2026-07-02",
  },
  DECLINE: { type: "DECLINE", reason: "Not a priority this term." },
  WITHDRAW: { type: "WITHDRAW" },
  CLOSE_ENQUIRY: { type: "CLOSE_ENQUIRY", note: "Answered in the thread." },
  ASSIGN: { type: "ASSIGN", personId: 7 },
});

const everyPair = ROUTES.flatMap((route) =>
  INTAKE_STATES.flatMap((state) => INTAKE_EVENT_TYPES.map((type) => ({ route, state, type }))),
);
const legalPairs = everyPair.filter(({ route, state, type }) => TRANSITIONS[route][state][type] !== undefined);
const illegalPairs = everyPair.filter(({ route, state, type }) => TRANSITIONS[route][state][type] === undefined);

describe("a Partnership City proposal", () => {
  it("goes from submission to approval by City Council", () => {
    let request = aRequest("PARTNERSHIP_CITY");
    const steps: string[] = [];
    const go = (event: IntakeEvent, actor: WorkflowActor = COORDINATOR) => {
      const decision = decideOn(request, event, actor);
      request = applied(request, decision);
      if (decision.ok) steps.push(decision.step);
      return decision;
    };

    expect(go({ type: "START_INITIAL_ASSESSMENT" })).toMatchObject({
      ok: true,
      from: "SUBMITTED",
      to: "INITIAL_ASSESSMENT",
    });
    expect(go({ type: "RECORD_INITIAL_ASSESSMENT", elements: allPositive("PARTNERSHIP_CITY") })).toEqual({
      ok: true,
      from: "INITIAL_ASSESSMENT",
      to: "CAPACITY_ASSESSMENT",
      step: "Initial assessment recorded: all 6 elements positive; on to the internal capacity assessment.",
    });
    expect(
      go({ type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: true, organisational: true }, EDC_REP),
    ).toMatchObject({ ok: true, from: "CAPACITY_ASSESSMENT", to: "CAPACITY_ASSESSMENT", record: fullCapacity("EDC") });
    go({ type: "RECORD_CAPACITY", divisionCode: "CCO-SPER", staffing: true, budget: true, organisational: true });
    expect(request.capacity).toEqual([fullCapacity("EDC"), fullCapacity("CCO-SPER")]);
    expect(go({ type: "COMPLETE_CAPACITY_ASSESSMENT" })).toMatchObject({ ok: true, to: "APPROVAL" });
    expect(
      go({ type: "RECORD_COUNCIL_DECISION", approved: true, meeting: "2026.CC40", decidedOn: "2026-06-25" }),
    ).toMatchObject({ ok: true, from: "APPROVAL", to: "APPROVED" });

    expect(request.state).toBe("APPROVED");
    expect(steps[5]).toContain("City Council approved the Partnership City agreement (2026.CC40, 2026-06-25)");
    expect(steps[4]).toContain("A report goes to City Council; record its decision with the meeting and date.");
  });

  it("is declined when City Council does not approve it", () => {
    const decision = decideOn(aRequest("PARTNERSHIP_CITY", { state: "APPROVAL" }), {
      type: "RECORD_COUNCIL_DECISION",
      approved: false,
      meeting: "2026.CC40",
      decidedOn: "2026-06-25",
    });
    expect(decision).toMatchObject({ ok: true, to: "DECLINED" });
    expect(decision.ok && decision.step).toContain("City Council did not approve");
  });
});

describe("an International Project proposal", () => {
  it("goes from submission to approval by signing within the signer's authority", () => {
    let request = aRequest("INTERNATIONAL_PROJECT", { anticipatedCost: 40_000 });
    const states: IntakeState[] = [request.state];
    const events: readonly [IntakeEvent, WorkflowActor][] = [
      [{ type: "START_INITIAL_ASSESSMENT" }, COORDINATOR],
      [{ type: "RECORD_INITIAL_ASSESSMENT", elements: allPositive("INTERNATIONAL_PROJECT") }, COORDINATOR],
      [{ type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: true, organisational: true }, EDC_REP],
      [{ type: "COMPLETE_CAPACITY_ASSESSMENT" }, COORDINATOR],
      [
        {
          type: "RECORD_SIGNING",
          official: "DIVISION_HEAD",
          name: "Pat Example",
          signingAuthority: 50_000,
          signedOn: "2026-07-02",
        },
        COORDINATOR,
      ],
    ];
    let last: Decision | undefined;
    for (const [event, actor] of events) {
      last = decideOn(request, event, actor);
      request = applied(request, last);
      states.push(request.state);
    }

    expect(states).toEqual([
      "SUBMITTED",
      "INITIAL_ASSESSMENT",
      "CAPACITY_ASSESSMENT",
      "CAPACITY_ASSESSMENT",
      "APPROVAL",
      "APPROVED",
    ]);
    expect(last).toEqual({
      ok: true,
      from: "APPROVAL",
      to: "APPROVED",
      step:
        "International Project agreement signed by Pat Example (Division Head) on 2026-07-02: anticipated project " +
        "cost $40,000, within a signing authority of $50,000.",
    });
  });

  it("may be signed when the cost equals the signing authority exactly", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "APPROVAL", anticipatedCost: 50_000 });
    expect(decideOn(request, SAMPLE_EVENTS("INTERNATIONAL_PROJECT").RECORD_SIGNING)).toMatchObject({
      ok: true,
      to: "APPROVED",
    });
  });

  it("refuses a signing when the anticipated cost exceeds the official's signing authority, quoting the policy", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "APPROVAL", anticipatedCost: 120_000 });
    const decision = decideOn(request, SAMPLE_EVENTS("INTERNATIONAL_PROJECT").RECORD_SIGNING);
    expect(decision).toMatchObject({ ok: false, code: "over-signing-authority" });
    expect(!decision.ok && decision.reason).toContain(
      '"the anticipated project cost does not exceed their financial signing authority"',
    );
    expect(!decision.ok && decision.reason).toContain("$120,000");
    expect(!decision.ok && decision.reason).toContain("$50,000");
  });

  it("refuses a signing when no anticipated cost is recorded, since the authority cannot be checked", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "APPROVAL", anticipatedCost: null });
    expect(decideOn(request, SAMPLE_EVENTS("INTERNATIONAL_PROJECT").RECORD_SIGNING)).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });
});

describe("the approval step belongs to its route", () => {
  it("refuses a Council decision on the International Project route", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "APPROVAL" });
    const decision = decideOn(request, SAMPLE_EVENTS("INTERNATIONAL_PROJECT").RECORD_COUNCIL_DECISION);
    expect(decision).toMatchObject({ ok: false, code: "illegal-transition" });
    expect(!decision.ok && decision.reason).toContain("needs no City Council resolution");
  });

  it("refuses a signing on the Partnership City route", () => {
    const request = aRequest("PARTNERSHIP_CITY", { state: "APPROVAL" });
    const decision = decideOn(request, SAMPLE_EVENTS("PARTNERSHIP_CITY").RECORD_SIGNING);
    expect(decision).toMatchObject({ ok: false, code: "illegal-transition" });
    expect(!decision.ok && decision.reason).toContain("approved by City Council");
  });
});

describe("the initial assessment", () => {
  it.each(CHECKLIST.PARTNERSHIP_CITY)(
    "declines the request when %s is assessed negatively, naming that element",
    (failing) => {
      const request = aRequest("PARTNERSHIP_CITY", { state: "INITIAL_ASSESSMENT" });
      const elements = CHECKLIST.PARTNERSHIP_CITY.map((key) =>
        key === failing ? { key, positive: false, note: "Not shown." } : { key, positive: true },
      );
      const decision = decideOn(request, { type: "RECORD_INITIAL_ASSESSMENT", elements });
      expect(decision).toMatchObject({ ok: true, from: "INITIAL_ASSESSMENT", to: "DECLINED" });
      expect(decision.ok && decision.step).toContain(`not positive on ${failing} (Not shown.)`);
      for (const other of CHECKLIST.PARTNERSHIP_CITY.filter((key) => key !== failing)) {
        expect(decision.ok && decision.step).not.toContain(other);
      }
    },
  );

  it("names every negative element when several fail", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "INITIAL_ASSESSMENT" });
    const elements = CHECKLIST.INTERNATIONAL_PROJECT.map((key, index) => ({ key, positive: index % 2 === 0 }));
    const decision = decideOn(request, { type: "RECORD_INITIAL_ASSESSMENT", elements });
    expect(decision.ok && decision.step).toContain("not positive on clearAndCompelling and interestAndCapacity");
  });

  it("is invalid when a checklist key is missing, and names it", () => {
    const request = aRequest("PARTNERSHIP_CITY", { state: "INITIAL_ASSESSMENT" });
    const elements = allPositive("PARTNERSHIP_CITY").filter((element) => element.key !== "comparablePopulationAndGdp");
    const decision = decideOn(request, { type: "RECORD_INITIAL_ASSESSMENT", elements });
    expect(decision).toMatchObject({ ok: false, code: "invalid" });
    expect(!decision.ok && decision.reason).toContain("missing comparablePopulationAndGdp");
  });

  it("is invalid when a key is not on the route's checklist, and names it", () => {
    // comparablePopulationAndGdp is a Partnership City question, not an International Project one.
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "INITIAL_ASSESSMENT" });
    const elements = [...allPositive("INTERNATIONAL_PROJECT"), { key: "comparablePopulationAndGdp", positive: true }];
    const decision = decideOn(request, { type: "RECORD_INITIAL_ASSESSMENT", elements });
    expect(decision).toMatchObject({ ok: false, code: "invalid" });
    expect(!decision.ok && decision.reason).toContain("not on the checklist: comparablePopulationAndGdp");
  });

  it("is invalid when an element is answered twice", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { state: "INITIAL_ASSESSMENT" });
    const elements = [...allPositive("INTERNATIONAL_PROJECT"), { key: "clearAndCompelling", positive: false }];
    const decision = decideOn(request, { type: "RECORD_INITIAL_ASSESSMENT", elements });
    expect(decision).toMatchObject({ ok: false, code: "invalid" });
    expect(!decision.ok && decision.reason).toContain("answered more than once: clearAndCompelling");
  });

  it("is invalid when the caller supplies no checklist, rather than passing an empty assessment", () => {
    const request = aRequest("PARTNERSHIP_CITY", { state: "INITIAL_ASSESSMENT" });
    const event: IntakeEvent = { type: "RECORD_INITIAL_ASSESSMENT", elements: [{ key: "x", positive: true }] };
    expect(decide(request, event, COORDINATOR, { checklistKeys: [] })).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("the internal capacity assessment", () => {
  const inCapacity = (capacity: CapacityRecord[]) =>
    aRequest("PARTNERSHIP_CITY", { state: "CAPACITY_ASSESSMENT", capacity });

  it("declines the request when resources are missing, naming what each division lacks", () => {
    const decision = decideOn(
      inCapacity([
        fullCapacity("CCO-SPER"),
        { divisionCode: "EDC", staffing: false, budget: true, organisational: false, note: null },
      ]),
      { type: "COMPLETE_CAPACITY_ASSESSMENT" },
    );
    expect(decision).toMatchObject({ ok: true, from: "CAPACITY_ASSESSMENT", to: "DECLINED" });
    expect(decision.ok && decision.step).toContain("EDC lacks staffing and organisational resources");
    expect(decision.ok && decision.step).toContain("Without resources a proposal cannot be recommended");
    expect(decision.ok && decision.step).not.toContain("CCO-SPER lacks");
  });

  it("refuses to complete before any division has recorded its assessment", () => {
    const decision = decideOn(inCapacity([]), { type: "COMPLETE_CAPACITY_ASSESSMENT" });
    expect(decision).toMatchObject({ ok: false, code: "illegal-transition" });
    expect(!decision.ok && decision.reason).toContain("record at least one division");
  });

  it("counts a division's latest record, so a corrected assessment replaces the earlier one", () => {
    const earlier: CapacityRecord = { ...fullCapacity("EDC"), budget: false };
    expect(
      decideOn(inCapacity([earlier, fullCapacity("edc")]), { type: "COMPLETE_CAPACITY_ASSESSMENT" }),
    ).toMatchObject({ ok: true, to: "APPROVAL" });
    const recording = decideOn(inCapacity([earlier]), SAMPLE_EVENTS("PARTNERSHIP_CITY").RECORD_CAPACITY);
    expect(recording.ok && recording.step).toContain("replaces the earlier assessment for EDC");
  });

  it("lets a division representative record their own division, in any letter case", () => {
    const decision = decideOn(
      inCapacity([]),
      {
        type: "RECORD_CAPACITY",
        divisionCode: "edc",
        staffing: true,
        budget: false,
        organisational: true,
        note: "No budget line.",
      },
      EDC_REP,
    );
    expect(decision).toMatchObject({
      ok: true,
      to: "CAPACITY_ASSESSMENT",
      record: { divisionCode: "edc", staffing: true, budget: false, organisational: true, note: "No budget line." },
    });
    expect(decision.ok && decision.step).toContain("budget not available");
  });

  it("refuses a division representative recording another division's capacity", () => {
    const decision = decideOn(
      inCapacity([]),
      { type: "RECORD_CAPACITY", divisionCode: "CMO-IAR", staffing: true, budget: true, organisational: true },
      EDC_REP,
    );
    expect(decision).toMatchObject({ ok: false, code: "not-permitted" });
    expect(!decision.ok && decision.reason).toContain("for EDC only");
  });

  it("refuses a division representative with no recorded division", () => {
    const decision = decideOn(inCapacity([]), SAMPLE_EVENTS("PARTNERSHIP_CITY").RECORD_CAPACITY, {
      ...EDC_REP,
      divisionCode: null,
    });
    expect(decision).toMatchObject({ ok: false, code: "not-permitted" });
  });

  it("refuses a staff member recording capacity, even for their own division", () => {
    expect(decideOn(inCapacity([]), SAMPLE_EVENTS("PARTNERSHIP_CITY").RECORD_CAPACITY, STAFF)).toMatchObject({
      ok: false,
      code: "not-permitted",
      reason:
        "Only CCO-SPER coordinators, or a division representative for their own division, can record a capacity assessment.",
    });
  });
});

describe("who may act", () => {
  const coordinatorOnly = legalPairs.filter(({ type }) => type !== "WITHDRAW" && type !== "RECORD_CAPACITY");

  it.each(
    coordinatorOnly.flatMap((pair) =>
      [STAFF, EDC_REP, UNKNOWN_USER, THE_REQUESTER].map((actor) => ({ ...pair, actor, who: actor.role })),
    ),
  )("refuses $type by a $who (personId $actor.personId) on $route at $state", ({ route, state, type, actor }) => {
    const decision = decideOn(
      aRequest(route, { state, capacity: [fullCapacity("EDC")] }),
      SAMPLE_EVENTS(route)[type],
      actor,
    );
    expect(decision).toMatchObject({ ok: false, code: "not-permitted" });
    expect(!decision.ok && decision.reason).toMatch(/^Only CCO-SPER coordinators can /);
  });

  it("says in words what a non-coordinator cannot do", () => {
    const request = aRequest("PARTNERSHIP_CITY", { state: "INITIAL_ASSESSMENT" });
    expect(decideOn(request, SAMPLE_EVENTS("PARTNERSHIP_CITY").RECORD_INITIAL_ASSESSMENT, EDC_REP)).toEqual({
      ok: false,
      code: "not-permitted",
      reason: "Only CCO-SPER coordinators can record the initial assessment.",
    });
  });
});

describe("withdrawal", () => {
  it("lets the requester withdraw their own request", () => {
    const decision = decideOn(
      aRequest("PARTNERSHIP_CITY", { state: "CAPACITY_ASSESSMENT" }),
      {
        type: "WITHDRAW",
        reason: "Our division is reorganising.",
      },
      THE_REQUESTER,
    );
    expect(decision).toEqual({
      ok: true,
      from: "CAPACITY_ASSESSMENT",
      to: "WITHDRAWN",
      step: "Withdrawn by the requester. Note: Our division is reorganising.",
    });
  });

  it("does not let anyone else withdraw someone's request", () => {
    for (const actor of [STAFF, EDC_REP]) {
      expect(decideOn(aRequest("PARTNERSHIP_CITY"), { type: "WITHDRAW" }, actor)).toMatchObject({
        ok: false,
        code: "not-permitted",
      });
    }
  });

  it("does not treat an unknown user as the requester of a request whose requester is unknown", () => {
    const request = aRequest("INTERNATIONAL_PROJECT", { requesterPersonId: null });
    expect(decideOn(request, { type: "WITHDRAW" }, UNKNOWN_USER)).toMatchObject({ ok: false, code: "not-permitted" });
  });

  it("lets a coordinator withdraw a request", () => {
    const decision = decideOn(aRequest("INTERNATIONAL_PROJECT", { state: "APPROVAL" }), { type: "WITHDRAW" });
    expect(decision).toMatchObject({ ok: true, to: "WITHDRAWN", step: "Withdrawn by CCO-SPER." });
  });
});

describe("declining", () => {
  it.each(
    (["SUBMITTED", "INITIAL_ASSESSMENT", "CAPACITY_ASSESSMENT", "APPROVAL"] as const).flatMap((state) =>
      (["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] as const).map((route) => ({ route, state })),
    ),
  )("lets a coordinator decline a $route request at $state, with the reason", ({ route, state }) => {
    expect(decideOn(aRequest(route, { state }), { type: "DECLINE", reason: "Not a priority this term." })).toEqual({
      ok: true,
      from: state,
      to: "DECLINED",
      step: "Declined by CCO-SPER: Not a priority this term.",
    });
  });

  it("requires a reason", () => {
    expect(decideOn(aRequest("PARTNERSHIP_CITY"), { type: "DECLINE", reason: "   " })).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });
});

describe("an enquiry", () => {
  it("is closed by a coordinator with a note", () => {
    expect(decideOn(aRequest("ENQUIRY"), { type: "CLOSE_ENQUIRY", note: "Protocol visit arranged for May." })).toEqual({
      ok: true,
      from: "SUBMITTED",
      to: "CLOSED",
      step: "Enquiry closed by CCO-SPER: Protocol visit arranged for May.",
    });
  });

  it("needs a note to be closed", () => {
    expect(decideOn(aRequest("ENQUIRY"), { type: "CLOSE_ENQUIRY", note: "" })).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });

  it("can be withdrawn by its requester", () => {
    expect(decideOn(aRequest("ENQUIRY"), { type: "WITHDRAW" }, THE_REQUESTER)).toMatchObject({
      ok: true,
      to: "WITHDRAWN",
    });
  });

  it("is not assessed", () => {
    const decision = decideOn(aRequest("ENQUIRY"), { type: "START_INITIAL_ASSESSMENT" });
    expect(decision).toMatchObject({ ok: false, code: "illegal-transition" });
    expect(!decision.ok && decision.reason).toContain("closes it with a note");
  });

  it("cannot be closed by a staff member", () => {
    expect(decideOn(aRequest("ENQUIRY"), SAMPLE_EVENTS("ENQUIRY").CLOSE_ENQUIRY, STAFF)).toEqual({
      ok: false,
      code: "not-permitted",
      reason: "Only CCO-SPER coordinators can close an enquiry.",
    });
  });

  it("is the only kind of request that can be closed", () => {
    expect(decideOn(aRequest("PARTNERSHIP_CITY"), SAMPLE_EVENTS("PARTNERSHIP_CITY").CLOSE_ENQUIRY)).toMatchObject({
      ok: false,
      code: "illegal-transition",
    });
  });
});

describe("the transition table", () => {
  it.each(legalPairs)("allows $type on $route at $state, to a target the table lists", ({ route, state, type }) => {
    const request = aRequest(route, { state, capacity: [fullCapacity("EDC")] });
    const decision = decideOn(request, SAMPLE_EVENTS(route)[type]);
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.from).toBe(state);
      expect(TRANSITIONS[route][state][type]).toContain(decision.to);
    }
  });

  it.each(illegalPairs)("refuses $type on $route at $state as an illegal transition", ({ route, state, type }) => {
    const request = aRequest(route, { state, capacity: [fullCapacity("EDC")] });
    expect(decideOn(request, SAMPLE_EVENTS(route)[type])).toMatchObject({ ok: false, code: "illegal-transition" });
    // Whoever asks, nothing moves.
    for (const actor of [STAFF, EDC_REP, UNKNOWN_USER, THE_REQUESTER]) {
      const decision = decideOn(request, SAMPLE_EVENTS(route)[type], actor);
      expect(decision.ok).toBe(false);
      expect(!decision.ok && decision.code).toMatch(/^(illegal-transition|not-permitted)$/);
    }
  });

  it("has no way out of a terminal state, on any route", () => {
    for (const route of ROUTES) {
      for (const state of TERMINAL_STATES) expect(TRANSITIONS[route][state]).toEqual({});
    }
    expect(INTAKE_STATES.filter(isTerminal)).toEqual(["APPROVED", "DECLINED", "WITHDRAWN", "CLOSED"]);
  });

  it("lets every non-terminal proposal state be withdrawn or declined", () => {
    for (const route of ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] as const) {
      for (const state of INTAKE_STATES.filter((candidate) => !isTerminal(candidate))) {
        expect(TRANSITIONS[route][state]).toMatchObject({ DECLINE: ["DECLINED"], WITHDRAW: ["WITHDRAWN"] });
      }
    }
  });

  it("uses CLOSED on the enquiry route only", () => {
    const targets = (route: WorkflowRoute) =>
      Object.values(TRANSITIONS[route]).flatMap((events) => Object.values(events).flat());
    expect(targets("ENQUIRY")).toContain("CLOSED");
    expect(targets("PARTNERSHIP_CITY")).not.toContain("CLOSED");
    expect(targets("INTERNATIONAL_PROJECT")).not.toContain("CLOSED");
  });

  it("explains a terminal state in words", () => {
    expect(decideOn(aRequest("PARTNERSHIP_CITY", { state: "DECLINED" }), { type: "START_INITIAL_ASSESSMENT" })).toEqual(
      {
        ok: false,
        code: "illegal-transition",
        reason:
          "Request is DECLINED; a declined request cannot be advanced. Submit a new proposal if circumstances change.",
      },
    );
  });
});

describe("the same event twice", () => {
  it.each([
    ["START_INITIAL_ASSESSMENT", "SUBMITTED"],
    ["RECORD_INITIAL_ASSESSMENT", "INITIAL_ASSESSMENT"],
    ["COMPLETE_CAPACITY_ASSESSMENT", "CAPACITY_ASSESSMENT"],
    ["RECORD_SIGNING", "APPROVAL"],
    ["WITHDRAW", "SUBMITTED"],
  ] as const)("refuses a second %s because the state has moved", (type, state) => {
    const first = aRequest("INTERNATIONAL_PROJECT", { state, capacity: [fullCapacity("EDC")] });
    const event = SAMPLE_EVENTS("INTERNATIONAL_PROJECT")[type];
    const afterFirst = applied(first, decideOn(first, event));
    expect(afterFirst.state).not.toBe(state);
    expect(decideOn(afterFirst, event)).toMatchObject({ ok: false, code: "illegal-transition" });
  });

  it("says where the request is and what comes next", () => {
    const request = aRequest("PARTNERSHIP_CITY", { state: "INITIAL_ASSESSMENT" });
    const decision = decideOn(request, { type: "START_INITIAL_ASSESSMENT" });
    expect(!decision.ok && decision.reason).toBe(
      'Request is at "Initial assessment"; you can start the initial assessment only at "Submitted". Next: CCO-SPER ' +
        "records the initial assessment; only proposals assessed positively on every element go on to the internal " +
        "capacity assessment.",
    );
  });

  it("accepts a second capacity record, which stays in the capacity assessment", () => {
    const request = aRequest("PARTNERSHIP_CITY", { state: "CAPACITY_ASSESSMENT" });
    const event = SAMPLE_EVENTS("PARTNERSHIP_CITY").RECORD_CAPACITY;
    const afterFirst = applied(request, decideOn(request, event));
    expect(decideOn(afterFirst, event)).toMatchObject({ ok: true, to: "CAPACITY_ASSESSMENT" });
  });
});

describe("IntakeEventSchema", () => {
  it("reads form and card payloads: yes/no as text, amounts with $ and commas", () => {
    expect(
      IntakeEventSchema.parse({
        type: "RECORD_CAPACITY",
        divisionCode: " EDC ",
        staffing: "yes",
        budget: "false",
        organisational: true,
        note: "",
      }),
    ).toEqual({ type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: false, organisational: true });
    expect(
      IntakeEventSchema.parse({
        type: "RECORD_SIGNING",
        official: "CITY_MANAGER",
        name: "A. Manager",
        signingAuthority: "$1,500,000",
        signedOn: "2026-07-02",
      }),
    ).toMatchObject({ signingAuthority: 1_500_000 });
  });

  it("refuses an unknown event, an impossible date and an unknown official", () => {
    expect(IntakeEventSchema.safeParse({ type: "APPROVE" }).success).toBe(false);
    expect(
      IntakeEventSchema.safeParse({
        type: "RECORD_COUNCIL_DECISION",
        approved: true,
        meeting: "2026.CC40",
        decidedOn: "2026-02-30",
      }).success,
    ).toBe(false);
    expect(
      IntakeEventSchema.safeParse({
        type: "RECORD_SIGNING",
        official: "MAYOR",
        name: "X",
        signingAuthority: 1,
        signedOn: "2026-07-02",
      }).success,
    ).toBe(false);
  });
});

describe("plain language", () => {
  it("labels every state", () => {
    expect(INTAKE_STATES.map(stateLabel)).toEqual([
      "Submitted",
      "Initial assessment",
      "Internal capacity assessment",
      "Approval",
      "Approved",
      "Declined",
      "Withdrawn",
      "Closed",
    ]);
  });

  it("says what happens next at approval on each route", () => {
    expect(nextStepHint("PARTNERSHIP_CITY", "APPROVAL")).toBe(
      "A report goes to City Council; record its decision with the meeting and date.",
    );
    expect(nextStepHint("INTERNATIONAL_PROJECT", "APPROVAL")).toContain(
      "the anticipated project cost does not exceed their financial signing authority",
    );
    expect(nextStepHint("ENQUIRY", "SUBMITTED")).toBe(
      "A CCO-SPER coordinator answers the enquiry and closes it with a note.",
    );
  });

  it("has a hint for every route and state", () => {
    for (const route of ROUTES) {
      for (const state of INTAKE_STATES) expect(nextStepHint(route, state)).toMatch(/\.$/);
    }
  });
});
