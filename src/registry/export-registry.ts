import type { PrismaClient } from "../generated/prisma/client.js";
import { agreementWithChildren, toAgreementRecord } from "./agreement-row.js";
import { REGISTRY_FORMAT, type RegistryDocument } from "./registry-document.js";

/** The whole registry as a document, ordered by slug so exports diff cleanly. */
export async function exportRegistry(prisma: PrismaClient): Promise<RegistryDocument> {
  const [divisions, agreements] = await Promise.all([
    prisma.division.findMany({ orderBy: { code: "asc" } }),
    prisma.agreement.findMany({ orderBy: { slug: "asc" }, include: agreementWithChildren }),
  ]);
  return {
    format: REGISTRY_FORMAT,
    divisions: divisions.map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    agreements: agreements.map(toAgreementRecord),
  };
}
