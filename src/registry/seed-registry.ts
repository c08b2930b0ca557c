import type { PrismaClient } from "../generated/prisma/client.js";
import { type ApplyReport, applyRegistryDocument } from "./apply-registry-document.js";
import { type RegistryDocumentInput, RegistryDocumentSchema } from "./registry-document.js";

const SEED_SETTING = "registry.seededAt";
/** Serialises seeding across replicas starting at once. */
const SEED_LOCK = 4_270_001;

export type SeedOutcome = { readonly seeded: true; readonly report: ApplyReport } | { readonly seeded: false };

/**
 * Seeds the registry from the source documents once per database. Later runs do nothing unless
 * `force` is set, because people will have corrected and completed the seeded facts since.
 */
export async function seedRegistry(
  prisma: PrismaClient,
  seed: RegistryDocumentInput,
  options: { readonly now: Date; readonly force?: boolean },
): Promise<SeedOutcome> {
  const document = RegistryDocumentSchema.parse(seed);
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const already = await tx.setting.findUnique({ where: { key: SEED_SETTING } });
      if (already && !options.force) return { seeded: false } as const;
      const report = await applyRegistryDocument(tx, document, { origin: null, children: "replace" });
      await tx.setting.upsert({
        where: { key: SEED_SETTING },
        create: { key: SEED_SETTING, value: options.now.toISOString() },
        update: { value: options.now.toISOString() },
      });
      return { seeded: true, report } as const;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
