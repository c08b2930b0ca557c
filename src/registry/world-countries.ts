import { createRequire } from "node:module";
import type { Countries } from "world-countries";

/**
 * The world-countries data set. Loaded through require because the package ships CommonJS
 * whose typings declare an ES default export, which NodeNext resolution cannot reconcile.
 */
export const worldCountries: Countries = createRequire(import.meta.url)("world-countries/countries.json");
