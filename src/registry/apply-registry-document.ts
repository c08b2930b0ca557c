import { isDeepStrictEqual } from "node:util";
import type { Prisma } from "../generated/prisma/client.js";
import { agreementWithChildren, fromIsoDate, toAgreementRecord } from "./agreement-row.js";
import { normalizeName } from "./normalize-name.js";
import {
  AGREEMENT_VALUE_FIELDS,
  type AgreementRecord,
  type DivisionRecord,
  type SourcedField,
  type SourceRef,
  type Sources,
} from "./registry-document.js";

export interface ApplyOptions {
  /**
   * Recorded as the source of a value that changed when the document gives none for it
   * (a spreadsheet import: "import of registry.csv, line 12"). Null: such values get no source.
   */
  readonly origin: ((slug: string) => SourceRef) | null;
  /** "replace": projects, milestones and activities are taken from the document (JSON). "keep": untouched (CSV). */
  readonly children: "replace" | "keep";
}

export interface ApplyReport {
  readonly created: readonly string[];
  readonly updated: readonly { readonly slug: string; readonly fields: readonly string[] }[];
  readonly unchanged: number;
}

/**
 * Writes divisions and agreements into the registry in the caller's transaction. Agreements are
 * matched by slug; only what differs is written, so applying an export of the registry changes nothing.
 * Agreements absent from the document are left alone (a partial spreadsheet never deletes).
 */
export async function applyRegistryDocument(
  tx: Prisma.TransactionClient,
  document: { readonly divisions: readonly DivisionRecord[]; readonly agreements: readonly AgreementRecord[] },
  options: ApplyOptions,
): Promise<ApplyReport> {
  for (const division of document.divisions) {
    await tx.division.upsert({
      where: { code: division.code },
      create: { code: division.code, name: division.name, parentCode: division.parentCode },
      update: { name: division.name, parentCode: division.parentCode },
    });
  }
  const divisions = await tx.division.findMany({ select: { id: true, code: true } });
  const divisionIds = new Map(divisions.map((division) => [division.code.toLowerCase(), division.id]));
  const divisionId = (code: string | null) => (code === null ? null : (divisionIds.get(code.toLowerCase()) ?? null));

  const created: string[] = [];
  const updated: { slug: string; fields: string[] }[] = [];
  let unchanged = 0;
  for (const record of document.agreements) {
    const existing = await tx.agreement.findUnique({ where: { slug: record.slug }, include: agreementWithChildren });
    const before = existing ? toAgreementRecord(existing) : null;
    const changed: string[] = AGREEMENT_VALUE_FIELDS.filter(
      (field) => !before || !isDeepStrictEqual(before[field], record[field]),
    );
    const aliasesChanged = !before || !sameAliases(before, record);
    if (aliasesChanged) changed.push("aliases");
    const sources = mergeSources(before?.sources ?? {}, record, changed, options.origin?.(record.slug) ?? null);
    const sourcesChanged = !before || !isDeepStrictEqual(before.sources, sources);
    const childrenChanged =
      options.children === "replace" &&
      (!before ||
        !isDeepStrictEqual(
          [before.projects, before.milestones, before.activities],
          [record.projects, record.milestones, record.activities],
        ));
    if (before && changed.length === 0 && !sourcesChanged && !childrenChanged) {
      unchanged += 1;
      continue;
    }
    const data = {
      counterpartyName: record.counterpartyName,
      counterpartyKind: record.counterpartyKind,
      city: record.city,
      country: record.country,
      category: record.category,
      previousDesignation: record.previousDesignation,
      establishedYear: record.establishedYear,
      establishedOn: fromIsoDate(record.establishedOn),
      termStart: fromIsoDate(record.termStart),
      termEnd: fromIsoDate(record.termEnd),
      renewalOption: record.renewalOption,
      leadDivisionId: divisionId(record.leadDivision),
      contacts: record.contacts,
      notes: record.notes,
      sources: sources as Prisma.InputJsonObject,
    };
    const agreement = existing
      ? await tx.agreement.update({ where: { id: existing.id }, data })
      : await tx.agreement.create({ data: { slug: record.slug, ...data } });
    if (aliasesChanged) await replaceAliases(tx, agreement.id, record);
    if (childrenChanged) await replaceChildren(tx, agreement.id, record);
    if (existing) updated.push({ slug: record.slug, fields: childrenChanged ? [...changed, "children"] : changed });
    else created.push(record.slug);
  }
  return { created, updated, unchanged };
}

function aliasKeys(record: Pick<AgreementRecord, "counterpartyName" | "aliases">): string[] {
  return [...new Set([record.counterpartyName, ...record.aliases])].sort();
}

function sameAliases(a: AgreementRecord, b: AgreementRecord): boolean {
  return isDeepStrictEqual(aliasKeys(a), aliasKeys(b));
}

/**
 * A source given in the document wins; a value that changed without one is attributed to the
 * import (or loses its old source, which no longer supports it); an unknown value has no source.
 */
function mergeSources(
  previous: Sources,
  record: AgreementRecord,
  changed: readonly string[],
  origin: SourceRef | null,
): Sources {
  const merged: Sources = { ...previous };
  for (const field of Object.keys({ ...previous, ...record.sources }) as SourcedField[]) {
    if (record.sources[field]) merged[field] = record.sources[field];
  }
  for (const field of changed as SourcedField[]) {
    if (record.sources[field]) continue;
    if (origin) merged[field] = origin;
    else delete merged[field];
  }
  for (const field of Object.keys(merged) as SourcedField[]) {
    const value = field === "aliases" ? record.aliases.length || null : record[field];
    if (value === null) delete merged[field];
  }
  return merged;
}

async function replaceAliases(tx: Prisma.TransactionClient, agreementId: number, record: AgreementRecord) {
  await tx.agreementAlias.deleteMany({ where: { agreementId } });
  const seen = new Set<string>();
  const rows = aliasKeys(record).flatMap((alias) => {
    const normalized = normalizeName(alias);
    if (!normalized || seen.has(normalized)) return [];
    seen.add(normalized);
    return [{ agreementId, alias, normalized }];
  });
  // Keep the counterparty name first so exports list aliases in a stable order.
  rows.sort((a, b) => Number(b.alias === record.counterpartyName) - Number(a.alias === record.counterpartyName));
  await tx.agreementAlias.createMany({ data: rows });
}

async function replaceChildren(tx: Prisma.TransactionClient, agreementId: number, record: AgreementRecord) {
  await tx.milestone.deleteMany({ where: { agreementId } });
  await tx.project.deleteMany({ where: { agreementId } });
  await tx.activity.deleteMany({ where: { agreementId } });
  const projectIds = new Map<string, number>();
  for (const project of record.projects) {
    const row = await tx.project.create({
      data: {
        agreementId,
        name: project.name,
        objective: project.objective,
        activity: project.activity,
        measure: project.measure,
        assignee: project.assignee,
        resources: project.resources,
        startDate: fromIsoDate(project.startDate),
        endDate: fromIsoDate(project.endDate),
        source: jsonOrNull(project.source),
      },
    });
    projectIds.set(project.name, row.id);
  }
  await tx.milestone.createMany({
    data: record.milestones.map((milestone) => ({
      agreementId,
      projectId: milestone.project ? (projectIds.get(milestone.project) ?? null) : null,
      title: milestone.title,
      dueOn: fromIsoDate(milestone.dueOn),
      doneOn: fromIsoDate(milestone.doneOn),
      source: jsonOrNull(milestone.source),
    })),
  });
  await tx.activity.createMany({
    data: record.activities.map((activity) => ({
      agreementId,
      year: activity.year,
      endYear: activity.endYear,
      occurredOn: fromIsoDate(activity.occurredOn),
      description: activity.description,
      source: jsonOrNull(activity.source),
    })),
  });
}

function jsonOrNull(value: SourceRef | null): Prisma.InputJsonObject | undefined {
  return value ? (value as Prisma.InputJsonObject) : undefined;
}
