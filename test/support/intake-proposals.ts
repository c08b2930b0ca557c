/** Complete, acceptable proposals as a requester would submit them; override fields to make them wrong. */

export function aPartnershipCityProposal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    candidateCity: "Lyon",
    country: "France",
    counterpartyKind: "MUNICIPALITY",
    cityEconomy: "A hub for life sciences, digital industries and gastronomy.",
    cityCulturalAndCommunityResources: "Festival of Lights, opera, museums and a large university population.",
    cityMunicipalPriorities: "Climate plan, public transit expansion, food policy.",
    goals: "Grow trade in life sciences and share climate policy practice.",
    activities: [
      {
        description: "Two-way life sciences trade mission",
        financialResources: "$40,000 over two years",
        staffingResources: "0.2 FTE in EDC Business Growth Services",
      },
    ],
    termStart: "2027-01-01",
    termEnd: "2031-12-31",
    renewalOption: true,
    ...overrides,
  };
}

export function anInternationalProjectProposal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    candidateCity: "Porto",
    country: "Portugal",
    counterpartyKind: "MUNICIPALITY",
    goals: "Share practice on waterfront flood protection.",
    project: {
      name: "Waterfront resilience exchange",
      objective: "Publish a joint flood-resilience guide for waterfront neighbourhoods.",
      activity: "Two technical workshops, one in each city.",
      measure: "Guide published; adopted by both cities' water divisions.",
      assignee: "Toronto Water",
      resources: "Workshop venues provided by each city; staff time.",
      endDate: "2028-06-30",
    },
    financialResources: "$25,000 for travel and publication",
    staffingResources: "Two engineers, 10% of their time each",
    anticipatedCostCad: 25000,
    termStart: "2027-01-01",
    termEnd: "2029-12-31",
    ...overrides,
  };
}
