/**
 * The form names are matched in: lower case, accents folded ("São Paulo" = "sao paulo"),
 * punctuation as spaces ("Sagami-hara" = "sagami hara"). Stored in AgreementAlias.normalized.
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Names that differ only by spacing ("Sagami-hara" / "Sagamihara") share this key. */
export function compactName(name: string): string {
  return normalizeName(name).replaceAll(" ", "");
}
