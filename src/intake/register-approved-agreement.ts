import type { Prisma } from "../generated/prisma/client.js";
import { applyRegistryDocument } from "../registry/apply-registry-document.js";
import { normalizeName } from "../registry/normalize-name.js";
import {
  type AgreementRecord,
  AgreementRecordSchema,
  type IsoDate,
  type ProjectRecord,
  type SourceRef,
} from "../registry/registry-document.js";

/** What an approved proposal puts in the registry. */
export interface ApprovedAgreement {
  readonly requestId: number;
  readonly category: "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT";
  readonly counterpartyName: string;
  readonly city: string | null;
  readonly country: string;
  readonly counterpartyKind: AgreementRecord["counterpartyKind"];
  readonly termStart: IsoDate;
  readonly termEnd: IsoDate;
  readonly renewalOption: boolean | null;
  readonly leadDivision: string | null;
  /** The tangible project(s) the policy requires every agreement to name. */
  readonly projects: readonly Omit<ProjectRecord, "source">[];
  /** The approval: Council's decision, or the signing official's execution. */
  readonly source: SourceRef;
}

/**
 * Creates the agreement an approval establishes, in the caller's transaction, with the approval
 * as the source of every fact, so status questions answer about it at once. Returns its id.
 */
export async function registerApprovedAgreement(
  tx: Prisma.TransactionClient,
  approved: ApprovedAgreement,
): Promise<number> {
  const slug = await freeSlug(tx, approved);
  const record = AgreementRecordSchema.parse({
    slug,
    counterpartyName: approved.counterpartyName,
    counterpartyKind: approved.counterpartyKind,
    city: approved.city,
    country: approved.country,
    category: approved.category,
    termStart: approved.termStart,
    termEnd: approved.termEnd,
    renewalOption: approved.renewalOption,
    leadDivision: approved.leadDivision,
    notes: `Established through intake request ${approved.requestId}.`,
    sources: Object.fromEntries(
      [
        "counterpartyName",
        "counterpartyKind",
        "city",
        "country",
        "category",
        "termStart",
        "termEnd",
        "renewalOption",
      ].map((field) => [field, approved.source]),
    ),
    projects: approved.projects.map((project) => ({ ...project, source: approved.source })),
  });
  await applyRegistryDocument(tx, { divisions: [], agreements: [record] }, { origin: null, children: "replace" });
  const created = await tx.agreement.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  return created.id;
}

/** "lyon", or "lyon-2027" when Lyon already has an agreement (a Historical one proposing anew), or with the request number. */
async function freeSlug(tx: Prisma.TransactionClient, approved: ApprovedAgreement): Promise<string> {
  const base =
    normalizeName(approved.counterpartyName)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "agreement";
  for (const slug of [base, `${base}-${approved.termStart.slice(0, 4)}`, `${base}-request-${approved.requestId}`]) {
    if (!(await tx.agreement.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
  throw new Error(`no free registry key for request ${approved.requestId}`);
}
