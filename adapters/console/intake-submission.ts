import { userInfo } from "node:os";
import { z } from "zod";
import type { Core } from "../../src/app/start-core.js";
import { assessmentRoute, INTAKE_KINDS } from "../../src/intake/intake-kind.js";
import { type SubmitOutcome, submitRequest } from "../../src/intake/intake-service.js";
import { nextStepHint, stateLabel } from "../../src/intake/intake-workflow.js";
import { describeProblem } from "../../src/intake/proposal-schema.js";
import type { Clock } from "../../src/shared/clock.js";

/** The file `iap intake submit` reads: the kind, then the proposal's own fields (see the README). */
const SubmissionFileSchema = z.looseObject({
  kind: z.enum(INTAKE_KINDS, { error: `"kind" must be one of ${INTAKE_KINDS.join(", ")}` }),
});

export interface SubmissionResult {
  readonly ok: boolean;
  /** What to print: on stdout when accepted, on stderr when not. */
  readonly text: string;
}

/** Submits a proposal file as the console user (`--as` overrides), and says what happened. */
export async function submitFromFile(
  core: Core,
  clock: Clock,
  file: { readonly name: string; readonly text: string; readonly as?: string },
): Promise<SubmissionResult> {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    return { ok: false, text: `${file.name} is not valid JSON: ${(error as Error).message}. Nothing was submitted.` };
  }
  const head = SubmissionFileSchema.safeParse(json);
  if (!head.success) {
    return { ok: false, text: `${file.name}: ${head.error.issues[0]?.message}. Nothing was submitted.` };
  }
  const { kind, ...input } = head.data;
  const outcome = await submitRequest(core.database.prisma, {
    kind,
    input,
    requester: { platform: "CONSOLE", externalId: file.as ?? userInfo().username },
    now: clock(),
  });
  return describeOutcome(file.name, outcome);
}

function describeOutcome(fileName: string, outcome: SubmitOutcome): SubmissionResult {
  const notes = outcome.findings
    .filter((finding) => finding.severity !== "refusal")
    .map((finding) => `  note: ${finding.message}`);
  if (outcome.ok) {
    const { request } = outcome;
    const route = assessmentRoute(request.kind);
    return {
      ok: true,
      text: [
        `Request ${request.number} submitted to CCO-SPER: ${request.title}.`,
        `It stands at: ${stateLabel(request.state)}. Next: ${nextStepHint(route, request.state)}`,
        ...notes,
      ].join("\n"),
    };
  }
  const refusals = outcome.findings
    .filter((finding) => finding.severity === "refusal")
    .map((finding) => `  - ${finding.message}${finding.source?.quote ? ` (policy: “${finding.source.quote}”)` : ""}`);
  return {
    ok: false,
    text: [
      `Not submitted: ${fileName} ${outcome.problems.length > 0 ? "is missing or has invalid elements" : "does not meet the policy"}. Nothing was stored.`,
      ...outcome.problems.map((problem) => `  - ${describeProblem(problem)}`),
      ...refusals,
      ...notes,
    ].join("\n"),
  };
}
