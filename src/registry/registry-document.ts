import { z } from "zod";

/**
 * The registry as a document: the JSON import/export format and the shape of the seed.
 * Every value a person or a source document gives is here; ids are not (slugs are the keys).
 * `null` always means "not recorded", never "none".
 */

/** ISO calendar date, "2027-03-31". */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    "not a real calendar date",
  );
export type IsoDate = z.infer<typeof IsoDateSchema>;

export const CounterpartyKindSchema = z.enum([
  "MUNICIPALITY",
  "REGIONAL_GOVERNMENT",
  "COUNTRY",
  "CHAMBER_OF_COMMERCE",
  "TRADE_OR_INVESTMENT_AGENCY",
]);
export type CounterpartyKind = z.infer<typeof CounterpartyKindSchema>;

export const AgreementCategorySchema = z.enum([
  "PARTNERSHIP_CITY",
  "INTERNATIONAL_PROJECT",
  "HISTORICAL",
  "OUTSIDE_IAP",
]);
export type AgreementCategory = z.infer<typeof AgreementCategorySchema>;

/** Where a fact comes from: a file in shared/seeds (e.g. "004_c975d6aa7d171fca.txt"), or an import. */
export const SourceRefSchema = z.object({
  document: z.string().min(1),
  /** Where in the document: "Table 1", "Attachment 4", "line 284". */
  locator: z.string().optional(),
  /** A short verbatim quote supporting the fact. */
  quote: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** Agreement fields a source can be given for. */
export const SourcedFieldSchema = z.enum([
  "counterpartyName",
  "aliases",
  "counterpartyKind",
  "city",
  "country",
  "category",
  "previousDesignation",
  "establishedYear",
  "establishedOn",
  "termStart",
  "termEnd",
  "renewalOption",
  "leadDivision",
  "contacts",
  "notes",
]);
export type SourcedField = z.infer<typeof SourcedFieldSchema>;

/** The agreement's own values (everything sourced but the alias list), in document order. */
export const AGREEMENT_VALUE_FIELDS = SourcedFieldSchema.options.filter(
  (field): field is Exclude<SourcedField, "aliases"> => field !== "aliases",
);

export const SourcesSchema = z.partialRecord(SourcedFieldSchema, SourceRefSchema);
export type Sources = z.infer<typeof SourcesSchema>;

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().default(null);

export const ProjectRecordSchema = z.object({
  name: z.string().trim().min(1).max(300),
  objective: optionalText(4000),
  activity: optionalText(4000),
  measure: optionalText(4000),
  assignee: optionalText(300),
  resources: optionalText(4000),
  startDate: IsoDateSchema.nullable().default(null),
  endDate: IsoDateSchema.nullable().default(null),
  source: SourceRefSchema.nullable().default(null),
});
export type ProjectRecord = z.infer<typeof ProjectRecordSchema>;

export const MilestoneRecordSchema = z.object({
  title: z.string().trim().min(1).max(500),
  /** Name of the project this milestone belongs to, if any. */
  project: optionalText(300),
  dueOn: IsoDateSchema.nullable().default(null),
  doneOn: IsoDateSchema.nullable().default(null),
  source: SourceRefSchema.nullable().default(null),
});
export type MilestoneRecord = z.infer<typeof MilestoneRecordSchema>;

export const ActivityRecordSchema = z.object({
  year: z.number().int().min(1800).max(2200),
  endYear: z.number().int().min(1800).max(2200).nullable().default(null),
  occurredOn: IsoDateSchema.nullable().default(null),
  description: z.string().trim().min(1).max(4000),
  source: SourceRefSchema.nullable().default(null),
});
export type ActivityRecord = z.infer<typeof ActivityRecordSchema>;

export const AgreementRecordSchema = z.object({
  slug: z
    .string()
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      "slug must be lower-case letters, digits and single hyphens, e.g. rio-de-janeiro",
    ),
  counterpartyName: z.string().trim().min(1).max(300),
  /** Other names staff type: "Kiev", "HCMC", "Saigon". The counterparty name is always matched too. */
  aliases: z.array(z.string().trim().min(1).max(300)).default([]),
  counterpartyKind: CounterpartyKindSchema,
  city: optionalText(200),
  country: z.string().trim().min(1).max(200),
  category: AgreementCategorySchema,
  previousDesignation: optionalText(200),
  establishedYear: z.number().int().min(1800).max(2200).nullable().default(null),
  establishedOn: IsoDateSchema.nullable().default(null),
  termStart: IsoDateSchema.nullable().default(null),
  termEnd: IsoDateSchema.nullable().default(null),
  renewalOption: z.boolean().nullable().default(null),
  /** Division code, e.g. "CCO-SPER". */
  leadDivision: optionalText(50),
  contacts: optionalText(4000),
  notes: optionalText(20000),
  sources: SourcesSchema.default({}),
  projects: z.array(ProjectRecordSchema).default([]),
  milestones: z.array(MilestoneRecordSchema).default([]),
  activities: z.array(ActivityRecordSchema).default([]),
});
export type AgreementRecord = z.infer<typeof AgreementRecordSchema>;
export type AgreementRecordInput = z.input<typeof AgreementRecordSchema>;

export const DivisionRecordSchema = z.object({
  code: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(300),
  parentCode: optionalText(50),
});
export type DivisionRecord = z.infer<typeof DivisionRecordSchema>;

export const REGISTRY_FORMAT = "iap-registry/1";

export const RegistryDocumentSchema = z.object({
  format: z.literal(REGISTRY_FORMAT),
  divisions: z.array(DivisionRecordSchema).default([]),
  agreements: z.array(AgreementRecordSchema),
});
export type RegistryDocument = z.infer<typeof RegistryDocumentSchema>;
export type RegistryDocumentInput = z.input<typeof RegistryDocumentSchema>;
