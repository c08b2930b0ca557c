import type { SourceRef } from "../registry/registry-document.js";

/** The 2024 IAP framework's numeric rules, for the answers now and for intake checks later. */

const STAFF_REPORT_2024 = "004_c975d6aa7d171fca.txt";

export interface TermLimit {
  readonly maxYears: number;
  readonly renewable: boolean;
  readonly source: SourceRef;
}

export const TERM_LIMITS = {
  PARTNERSHIP_CITY: {
    maxYears: 5,
    renewable: true,
    source: {
      document: STAFF_REPORT_2024,
      locator: "Recommendation 1",
      quote:
        "Partnership City agreements have a term of no more than 5 years, with options to renew by mutual consent.",
    },
  },
  INTERNATIONAL_PROJECT: {
    maxYears: 3,
    renewable: false,
    source: {
      document: STAFF_REPORT_2024,
      locator: "Recommendation 2",
      quote: "International Project agreements have a term of no more than 3 years.",
    },
  },
} as const satisfies Record<string, TermLimit>;

/** The 2001 policy's report-back target for a request, kept as the default intake target. */
export const INTAKE_REPORT_TARGET_MONTHS = 6;
