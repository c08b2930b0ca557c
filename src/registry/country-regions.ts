import type { Country } from "world-countries";
import { worldCountries as countries } from "./world-countries.js";

/** Groupings people use that the world-countries data does not have as a region or subregion. */
const REGION_GROUPS: Record<string, (country: Country) => boolean> = {
  "latin america": (country) =>
    ["South America", "Central America", "Caribbean"].includes(country.subregion) || country.cca2 === "MX",
  "middle east": (country) => country.subregion === "Western Asia" || country.cca2 === "EG" || country.cca2 === "IR",
};

/**
 * English common names of the countries in a region or subregion of the world-countries data
 * ("Europe", "Eastern Asia", "South America"), or in one of the groupings above. Empty when unknown.
 */
export function countriesInRegion(region: string): string[] {
  const key = region.trim().toLowerCase();
  const group = REGION_GROUPS[key];
  const inRegion =
    group ?? ((country) => country.region.toLowerCase() === key || country.subregion.toLowerCase() === key);
  return countries.filter(inRegion).map((country) => country.name.common);
}
