import type { IsoDate } from "../registry/registry-document.js";

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));

/** "1st", "2nd", "3rd", "11th", "25th", "40th". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}
