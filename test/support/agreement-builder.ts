import {
  type AgreementCategory,
  type AgreementRecord,
  AgreementRecordSchema,
  type IsoDate,
  REGISTRY_FORMAT,
  type RegistryDocument,
} from "../../src/registry/registry-document.js";

/** Test data builder: `anAgreement("testville").inCategory("HISTORICAL").expiring("2027-03-31").build()`. */
export class AgreementBuilder {
  private record: AgreementRecord;

  constructor(slug: string) {
    const name = slug
      .split("-")
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(" ");
    this.record = AgreementRecordSchema.parse({
      slug,
      counterpartyName: name,
      counterpartyKind: "MUNICIPALITY",
      city: name,
      country: "Italy",
      category: "PARTNERSHIP_CITY",
    });
  }

  with(fields: Partial<AgreementRecord>): this {
    this.record = { ...this.record, ...fields };
    return this;
  }

  inCategory(category: AgreementCategory): this {
    return this.with({ category });
  }

  inCountry(country: string): this {
    return this.with({ country });
  }

  expiring(termEnd: IsoDate): this {
    return this.with({ termEnd });
  }

  knownAs(...aliases: string[]): this {
    return this.with({ aliases });
  }

  build(): AgreementRecord {
    return AgreementRecordSchema.parse(this.record);
  }
}

export const anAgreement = (slug: string) => new AgreementBuilder(slug);

export function aRegistryDocument(...agreements: AgreementBuilder[]): RegistryDocument {
  return { format: REGISTRY_FORMAT, divisions: [], agreements: agreements.map((builder) => builder.build()) };
}
