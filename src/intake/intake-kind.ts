/**
 * What someone can bring to CCO-SPER, the single point of entry since 2024. Proposals walk the
 * four-step assessment; enquiries are answered by a coordinator. An MOU request becomes an
 * International Project proposal: MOUs are discontinued (2024 report, Recommendation 3).
 */
export const INTAKE_KINDS = [
  "PARTNERSHIP_CITY",
  "INTERNATIONAL_PROJECT",
  "INBOUND_DELEGATION",
  "RENEWAL",
  "MOU_REQUEST",
] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/** The proposals the four-step assessment applies to. */
export type ProposalKind = Extract<IntakeKind, "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT">;

/** Where a request of this kind is assessed: an MOU request takes the International Project route. */
export function assessmentRoute(kind: IntakeKind): ProposalKind | "ENQUIRY" {
  if (kind === "PARTNERSHIP_CITY") return "PARTNERSHIP_CITY";
  if (kind === "INTERNATIONAL_PROJECT" || kind === "MOU_REQUEST") return "INTERNATIONAL_PROJECT";
  return "ENQUIRY";
}
