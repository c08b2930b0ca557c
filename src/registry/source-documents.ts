/** The public documents the registry and the policy are drawn from (shared/seeds/INDEX.md). */
export interface SourceDocument {
  readonly file: string;
  readonly title: string;
  readonly short: string;
}

export const SOURCE_DOCUMENTS: readonly SourceDocument[] = [
  {
    file: "000_ede3f5f8b2a3ded6.txt",
    title: "World Trade Centre Toronto letter to the Economic Development Committee (Dec 2019)",
    short: "WTC Toronto letter, 2019",
  },
  {
    file: "001_946d5fd5e3bc463a.txt",
    title: 'Presentation "International Alliance Program Review" (May 2024)',
    short: "IAP Review presentation, 2024",
  },
  {
    file: "002_b3627e290b94d2d0.txt",
    title: "Council clause adopting the IAP policy (Dec 2001)",
    short: "Council clause, 2001",
  },
  {
    file: "003_86e653b6a2b856aa.txt",
    title: 'Toronto Region Board of Trade report "Partnerships that Produce" (2019)',
    short: "Board of Trade report, 2019",
  },
  {
    file: "004_c975d6aa7d171fca.txt",
    title: 'Staff report "Updating the City of Toronto\'s International Alliance Program" (May 2024)',
    short: "IAP staff report, 2024",
  },
];

/** A human label for a source document file name; unknown names are shown as given. */
export function describeSourceDocument(file: string): string {
  return SOURCE_DOCUMENTS.find((doc) => doc.file === file)?.short ?? file;
}
