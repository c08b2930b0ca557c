import type { RegistryDocumentInput, SourceRef } from "../../src/registry/registry-document.js";

/**
 * The registry as the 2024 staff report left it (Table 1 of 004), with the facts the other source
 * documents add. Every value carries the file it comes from (shared/seeds). Nothing the sources do not
 * give is filled in: term start and end, renewal option, lead division and contacts are null for every
 * agreement, and establishedYear is null wherever no document gives a year.
 */

const REPORT_2024 = "004_c975d6aa7d171fca.txt";
const POLICY_2001 = "002_b3627e290b94d2d0.txt";
const BOARD_OF_TRADE_2019 = "003_86e653b6a2b856aa.txt";

const source = (document: string, locator: string, quote: string): SourceRef => ({ document, locator, quote });

const TABLE_1 = "Table 1: Assignment of Agreements to Proposed IAP Categories";
const table1 = (column: string, quote: string) => source(REPORT_2024, `${TABLE_1}, ${column} column`, quote);
const partnershipEntry = (quote: string) => table1("Partnership City Agreement", quote);
const projectEntry = (quote: string) => table1("International Project Agreement", quote);
const historicalEntry = (quote: string) => table1("Historical Agreement", quote);

/** The three facts a Table 1 entry gives at once: the category, the name and the country (and city). */
const fromEntry = (entry: SourceRef) => ({ category: entry, counterpartyName: entry, country: entry });

const TEN_CITIES = source(
  REPORT_2024,
  "Recommended Assignment of Toronto's IAP and MOU Agreements, summary",
  "All ten current IAP relationship cities should be assigned to the updated Partnership City category.",
);
const WERE_PARTNERSHIP_CITIES = source(
  REPORT_2024,
  "Attachment 6, Perspective on Toronto's IAP Relationships",
  "the City of Toronto holds four IAP Partnership City agreements (with Chicago, Chongqing, Frankfurt, and Milan)",
);
const WERE_FRIENDSHIP_CITIES = source(
  REPORT_2024,
  "Attachment 6, Perspective on Toronto's IAP Relationships",
  "six Friendship City agreements (with Ho Chi Minh City, Kyiv, Quito, Rio de Janeiro, Sagamihara, and Warsaw)",
);
const LISBON_AND_MATERA = source(
  REPORT_2024,
  "Recommended Assignment of Toronto's IAP and MOU Agreements, summary",
  "The MOUs with Lisbon, Portugal and Matera, Italy which have not expired and otherwise meet all proposed updated IAP requirements should be considered, for the balance of their term",
);
const PROJECT_COUNTERPARTY = source(
  REPORT_2024,
  "Proposed Changes to the IAP, item 2",
  "The counterparty to an International Project agreement must be a duly constituted municipality in another country.",
);
/**
 * The ten IAP relationships all became Partnership Cities; the other agreements assessed for Table 1
 * were the nineteen MOUs of 2013-2019 (Lisbon, Matera, Austin and the sixteen Historical Agreements).
 */
const EXPIRED_MOUS = source(
  REPORT_2024,
  "Recommended Assignment of Toronto's IAP and MOU Agreements, summary (of the ten IAP relationships and nineteen MOUs assessed)",
  "MOUs which have either expired or which otherwise do not meet proposed updated IAP requirements should be recognized as Historical Agreements.",
);
const ESTABLISHED_2001 = (quote: string) =>
  source(POLICY_2001, "Attachment 4, IAP Partnership Classification, International Partnerships", quote);

export const registrySeed: RegistryDocumentInput = {
  format: "iap-registry/1",
  divisions: [
    { code: "CCO-SPER", name: "City Clerk's Office – Strategic Protocol and External Relations", parentCode: null },
    { code: "CMO-IAR", name: "City Manager's Office – Intergovernmental and Agency Relations", parentCode: null },
    { code: "EDC", name: "Economic Development and Culture", parentCode: null },
    { code: "EDC-BGS", name: "Business Growth Services", parentCode: "EDC" },
    { code: "EDC-FEI", name: "Film and Entertainment Industries", parentCode: "EDC" },
    { code: "EDC-MS", name: "Museum Services", parentCode: "EDC" },
    { code: "EDC-ACS", name: "Arts and Culture Services", parentCode: "EDC" },
  ],
  agreements: [
    // ── Partnership City (Table 1, 004) ──────────────────────────────────────────────────────────
    {
      slug: "chicago",
      counterpartyName: "Chicago",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Chicago",
      country: "United States",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Partnership City",
      establishedYear: 1991,
      sources: {
        ...fromEntry(partnershipEntry("1. Chicago, USA")),
        city: partnershipEntry("1. Chicago, USA"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_PARTNERSHIP_CITIES,
        establishedYear: ESTABLISHED_2001("U.S.A. Chicago 1991 Sister City Agreement"),
      },
      activities: [
        {
          year: 2020,
          description:
            "Chicago's Mayor visited Toronto and took part in the Healthy Cities Symposium with Toronto's Mayor, with site visits to communities undergoing gentrification (Regent Park).",
          source: source(
            REPORT_2024,
            "Attachment 4, Chicago",
            "In 2020, Chicago Mayor visits Toronto and participates in the Healthy Cities Symposium along with Toronto Mayor.",
          ),
        },
        {
          year: 2015,
          description:
            "Toronto and Chicago developed the ReMix Project, a music initiative combining concerts and mentorship events to showcase artists from both cities.",
          source: source(
            REPORT_2024,
            "Attachment 4, Chicago",
            "In 2015, Toronto and Chicago collaborated on developing the ReMix Project",
          ),
        },
      ],
    },
    {
      slug: "chongqing",
      counterpartyName: "Chongqing",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Chongqing",
      country: "China",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Partnership City",
      establishedYear: 1986,
      notes: "Toronto's oldest partnership; established as a Sister City.",
      sources: {
        ...fromEntry(partnershipEntry("2. Chongqing, China")),
        city: partnershipEntry("2. Chongqing, China"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_PARTNERSHIP_CITIES,
        establishedYear: ESTABLISHED_2001("China Chongqing 1986 Sister City"),
        notes: source(
          BOARD_OF_TRADE_2019,
          "Quick Facts",
          "An agreement was signed with Chongqing, China, making it Toronto's oldest partnership.",
        ),
      },
      activities: [
        {
          year: 2013,
          description:
            "Two giant pandas arrived at the Toronto Zoo, one of them (Er Shun) from the Chongqing Zoo; the Toronto–Chongqing relationship was directly responsible for the panda exchange.",
          source: source(
            REPORT_2024,
            "Attachment 4, Chongqing",
            "In 2013, Toronto welcomed the arrival of two giant pandas at the Toronto Zoo, one of which (Er Shun) was from the Chongqing Zoo.",
          ),
        },
        {
          year: 2006,
          description:
            "The Mayor of Chongqing led a delegation to Toronto to mark the relationship's 20th anniversary; an estimated $50 million in business contracts were signed.",
          source: source(
            REPORT_2024,
            "Attachment 4, Chongqing",
            "In 2006, the Mayor of Chongqing led a delegation to Toronto to commemorate the relationship's 20th anniversary.",
          ),
        },
      ],
    },
    {
      slug: "frankfurt",
      counterpartyName: "Frankfurt",
      aliases: ["Frankfurt am Main"],
      counterpartyKind: "MUNICIPALITY",
      city: "Frankfurt",
      country: "Germany",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Partnership City",
      establishedYear: 1989,
      sources: {
        ...fromEntry(partnershipEntry("3. Frankfurt, Germany")),
        city: partnershipEntry("3. Frankfurt, Germany"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_PARTNERSHIP_CITIES,
        establishedYear: ESTABLISHED_2001("Germany Frankfurt 1989 Friendship Agreement"),
      },
      activities: [
        {
          year: 2017,
          endYear: 2018,
          description:
            "“Maximum City Exchange” on sustainability and design: students from Carl-Schurz-Schule visited Toronto in 2017, and students from the University of Toronto School visited Frankfurt in 2018.",
          source: source(
            REPORT_2024,
            "Attachment 4, Frankfurt",
            "In 2017, students from Carl-Schurz-Schule (CSS) visited Toronto and in 2018, students from the University of Toronto School visited Frankfurt",
          ),
        },
        {
          year: 2019,
          description:
            "30th anniversary of the partnership, celebrated with an exchange of murals between artists from both cities.",
          source: source(
            REPORT_2024,
            "Attachment 4, Frankfurt",
            "The 30th anniversary of this partnership was celebrated in 2019 by an exchange of murals between artists from both cities",
          ),
        },
      ],
    },
    {
      slug: "ho-chi-minh-city",
      counterpartyName: "Ho Chi Minh City",
      aliases: ["HCMC", "Saigon", "Ho Chi Minh"],
      counterpartyKind: "MUNICIPALITY",
      city: "Ho Chi Minh City",
      country: "Vietnam",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Friendship City",
      establishedYear: null,
      sources: {
        ...fromEntry(partnershipEntry("4. Ho Chi Minh City, Vietnam")),
        city: partnershipEntry("4. Ho Chi Minh City, Vietnam"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_FRIENDSHIP_CITIES,
      },
      activities: [
        {
          year: 2017,
          description: "Fourteen Toronto-based educational institutions exhibited at the EDU Canada Education Fair.",
          source: source(
            REPORT_2024,
            "Attachment 4, Ho Chi Minh City",
            "In 2017, fourteen Toronto based educational institutions exhibited at the EDU Canada Education Fair.",
          ),
        },
        {
          year: 2010,
          description: "A relief fund was organized to support victims of a flood disaster.",
          source: source(
            REPORT_2024,
            "Attachment 4, Ho Chi Minh City",
            "A relief fund was organized to support victims of a flood disaster in 2010.",
          ),
        },
      ],
    },
    {
      slug: "kyiv",
      counterpartyName: "Kyiv",
      aliases: ["Kiev"],
      counterpartyKind: "MUNICIPALITY",
      city: "Kyiv",
      country: "Ukraine",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Friendship City",
      establishedYear: 1991,
      sources: {
        ...fromEntry(partnershipEntry("5. Kyiv, Ukraine")),
        city: partnershipEntry("5. Kyiv, Ukraine"),
        aliases: source(
          POLICY_2001,
          "Attachment 4, IAP Partnership Classification, Historical City Partnerships",
          "Ukraine Kiev 1991 Friendship Agreement",
        ),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_FRIENDSHIP_CITIES,
        establishedYear: source(
          POLICY_2001,
          "Attachment 4, IAP Partnership Classification, Historical City Partnerships",
          "Ukraine Kiev 1991 Friendship Agreement",
        ),
      },
      activities: [
        {
          year: 2021,
          description:
            "Fifty-plus Toronto businesses and community leaders took part in a virtual mission to explore trade and investment opportunities in Kyiv; Kyiv was one of seven focus markets of the Toronto Clean Energy Partnership.",
          source: source(
            REPORT_2024,
            "Attachment 4, Kyiv",
            "In 2021, fifty + Toronto businesses and community leaders participated in a virtual mission to explore trade and investment opportunities in Kyiv.",
          ),
        },
      ],
    },
    {
      slug: "milan",
      counterpartyName: "Milan",
      aliases: ["Milano"],
      counterpartyKind: "MUNICIPALITY",
      city: "Milan",
      country: "Italy",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Partnership City",
      establishedYear: null,
      sources: {
        ...fromEntry(partnershipEntry("6. Milan, Italy")),
        city: partnershipEntry("6. Milan, Italy"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_PARTNERSHIP_CITIES,
      },
      activities: [
        {
          year: 2023,
          description:
            "Toronto supported an Indigenous Fashion Arts delegation to Milan Fashion Week, showcasing collections of seven designers, two of them from Toronto.",
          source: source(
            REPORT_2024,
            "Attachment 4, Milan",
            "In 2023, Toronto supported an Indigenous Fashion Arts delegation to Milan Fashion Week",
          ),
        },
        {
          year: 2015,
          description:
            "The City of Toronto signed the Milan Urban Food Policy Pact, joining 45 cities and over 15 international organizations committed to sustainable, inclusive food systems.",
          source: source(
            REPORT_2024,
            "Attachment 4, Milan",
            "The City of Toronto signed the Milan Urban Food Policy Pact in 2015",
          ),
        },
      ],
    },
    {
      slug: "quito",
      counterpartyName: "Quito",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Quito",
      country: "Ecuador",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Friendship City",
      establishedYear: null,
      notes:
        "Representatives from Quito have taken part in business development networking sessions at the Toronto Global Forum (organized with the Latin American Bilateral Trade Initiative, LABTI); no year is recorded.",
      sources: {
        ...fromEntry(partnershipEntry("7. Quito, Ecuador")),
        city: partnershipEntry("7. Quito, Ecuador"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_FRIENDSHIP_CITIES,
        notes: source(
          REPORT_2024,
          "Attachment 4, Quito",
          "Representatives from Quito have participated in various business development networking sessions at the Toronto Global Forum",
        ),
      },
      activities: [
        {
          year: 2008,
          endYear: 2019,
          description:
            "The City hosted many editions of the community-led Ecuadorian Art Exhibition in the City Hall rotunda.",
          source: source(
            REPORT_2024,
            "Attachment 4, Quito",
            "The City of Toronto has hosted many editions of the community-led Ecuadorian Art Exhibition in the City Hall rotunda, between 2008 and 2019.",
          ),
        },
      ],
    },
    {
      slug: "rio-de-janeiro",
      counterpartyName: "Rio de Janeiro",
      aliases: ["Rio"],
      counterpartyKind: "MUNICIPALITY",
      city: "Rio de Janeiro",
      country: "Brazil",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Friendship City",
      establishedYear: 2015,
      sources: {
        ...fromEntry(partnershipEntry("8. Rio de Janeiro, Brazil")),
        city: partnershipEntry("8. Rio de Janeiro, Brazil"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_FRIENDSHIP_CITIES,
        establishedYear: source(
          REPORT_2024,
          "Attachment 4, Rio de Janeiro",
          "In 2015, Toronto led a mission to Rio de Janeiro which included tours of the region's life sciences sector and signing of the official Friendship Agreement.",
        ),
      },
      activities: [
        {
          year: 2015,
          description:
            "Toronto led a mission to Rio de Janeiro, touring the region's life sciences sector; the official Friendship Agreement was signed.",
          source: source(
            REPORT_2024,
            "Attachment 4, Rio de Janeiro",
            "In 2015, Toronto led a mission to Rio de Janeiro which included tours of the region's life sciences sector and signing of the official Friendship Agreement.",
          ),
        },
        {
          year: 2017,
          description:
            "Following the mission, Biolab Farmacêutica established a research and development centre in the Greater Toronto Area, with the Ontario Investment Office, the City of Toronto, the City of Mississauga, Toronto Global and the Brazil-Canada Chamber of Commerce.",
          source: source(
            REPORT_2024,
            "Attachment 4, Rio de Janeiro",
            "established a Research and Development (R&D) centre in the Greater Toronto Area",
          ),
        },
      ],
    },
    {
      slug: "sagamihara",
      counterpartyName: "Sagamihara",
      aliases: ["Sagami-hara"],
      counterpartyKind: "MUNICIPALITY",
      city: "Sagamihara",
      country: "Japan",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Friendship City",
      establishedYear: 1991,
      sources: {
        ...fromEntry(partnershipEntry("9. Sagamihara, Japan")),
        city: partnershipEntry("9. Sagamihara, Japan"),
        aliases: source(
          REPORT_2024,
          "Assessment of Toronto's Partnership City and Friendship City Agreements",
          "Sagami-hara, Japan",
        ),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_FRIENDSHIP_CITIES,
        establishedYear: ESTABLISHED_2001("Japan Sagamihara 1991 Friendship City"),
      },
      activities: [
        {
          year: 2015,
          description:
            "Sagamihara donated 45 cherry trees to Toronto for the Sakura Tree Project at the Birkdale Ravine in Scarborough.",
          source: source(
            REPORT_2024,
            "Attachment 4, Sagamihara",
            "Sagamihara donated 45 trees to Toronto for the Sakura Tree Project in 2015",
          ),
        },
        {
          year: 2016,
          description:
            "Educational exchange programme between York University and Aoyama Gakuin University (since 2016).",
          source: source(
            REPORT_2024,
            "Attachment 4, Sagamihara",
            "Educational exchange programs between York University and Aoyama Gakuin University have been in place since 2016",
          ),
        },
        {
          year: 2021,
          description:
            "Educational exchange programme between OCAD University and Joshibi University of Art and Design (since 2021).",
          source: source(
            REPORT_2024,
            "Attachment 4, Sagamihara",
            "between OCAD University and Joshibi University of Art and Design since 2021",
          ),
        },
      ],
    },
    {
      slug: "warsaw",
      counterpartyName: "Warsaw",
      aliases: ["Warszawa"],
      counterpartyKind: "MUNICIPALITY",
      city: "Warsaw",
      country: "Poland",
      category: "PARTNERSHIP_CITY",
      previousDesignation: "Friendship City",
      establishedYear: 1990,
      sources: {
        ...fromEntry(partnershipEntry("10. Warsaw, Poland")),
        city: partnershipEntry("10. Warsaw, Poland"),
        counterpartyKind: TEN_CITIES,
        previousDesignation: WERE_FRIENDSHIP_CITIES,
        establishedYear: ESTABLISHED_2001("Poland Warsaw 1990 Friendship Agreement"),
      },
      activities: [
        {
          year: 2010,
          description: "A “Contemporary Architecture in Warsaw” exhibit was held at Metro Hall.",
          source: source(
            REPORT_2024,
            "Attachment 4, Warsaw",
            'In 2010, a "Contemporary Architecture in Warsaw" exhibit was held at Metro Hall.',
          ),
        },
        {
          year: 2021,
          description:
            "March 2021: Polish companies interested in green technologies explored business opportunities in Toronto; Warsaw is one of 7 focus markets of the Toronto Clean Energy Partnership.",
          source: source(
            REPORT_2024,
            "Attachment 4, Warsaw",
            "March 2021, Polish companies interested in green technologies explored business opportunities in Toronto",
          ),
        },
      ],
    },

    // ── International Project (Table 1, 004) ─────────────────────────────────────────────────────
    {
      slug: "lisbon",
      counterpartyName: "Lisbon",
      aliases: ["Lisboa"],
      counterpartyKind: "MUNICIPALITY",
      city: "Lisbon",
      country: "Portugal",
      category: "INTERNATIONAL_PROJECT",
      previousDesignation: "MOU",
      establishedYear: null,
      notes:
        "Former MOU, treated as an International Project agreement for the balance of its term (2024). An earlier Friendship Agreement with Lisbon dates from 1987 (2001 policy, Historical City Partnerships); the year of the current MOU is not recorded.",
      sources: {
        ...fromEntry(projectEntry("1. Lisbon, Portugal")),
        city: projectEntry("1. Lisbon, Portugal"),
        counterpartyKind: PROJECT_COUNTERPARTY,
        previousDesignation: LISBON_AND_MATERA,
        notes: LISBON_AND_MATERA,
      },
      activities: [
        {
          year: 1987,
          description: "Friendship Agreement with Lisbon (listed among the Historical City Partnerships in 2001).",
          source: source(
            POLICY_2001,
            "Attachment 4, IAP Partnership Classification, Historical City Partnerships",
            "Portugal Lisbon 1987 Friendship Agreement",
          ),
        },
      ],
    },
    {
      slug: "matera",
      counterpartyName: "Matera",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Matera",
      country: "Italy",
      category: "INTERNATIONAL_PROJECT",
      previousDesignation: "MOU",
      establishedYear: null,
      notes: "Former MOU, treated as an International Project agreement for the balance of its term (2024).",
      sources: {
        ...fromEntry(projectEntry("2. Matera, Italy")),
        city: projectEntry("2. Matera, Italy"),
        counterpartyKind: PROJECT_COUNTERPARTY,
        previousDesignation: LISBON_AND_MATERA,
        notes: LISBON_AND_MATERA,
      },
    },

    // ── Historical (Table 1, 004): the MOUs that expired or do not meet the 2024 requirements ────
    {
      slug: "dubai-investment-development-agency",
      counterpartyName: "Dubai Investment Development Agency",
      aliases: ["Dubai"],
      counterpartyKind: "TRADE_OR_INVESTMENT_AGENCY",
      city: "Dubai",
      country: "United Arab Emirates",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("1. Dubai Investment Development Agency, United Arab Emirates")),
        city: historicalEntry("1. Dubai Investment Development Agency, United Arab Emirates"),
        counterpartyKind: historicalEntry("1. Dubai Investment Development Agency, United Arab Emirates"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "comce-noreste",
      counterpartyName: "COMCE Noreste",
      aliases: ["Monterrey", "COMCE"],
      counterpartyKind: "CHAMBER_OF_COMMERCE",
      city: "Monterrey",
      country: "Mexico",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("2. COMCE Noreste (Monterrey), Mexico")),
        city: historicalEntry("2. COMCE Noreste (Monterrey), Mexico"),
        counterpartyKind: historicalEntry("2. COMCE Noreste (Monterrey), Mexico"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "dunedin",
      counterpartyName: "Dunedin",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Dunedin",
      country: "United States",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("3. Dunedin, USA")),
        city: historicalEntry("3. Dunedin, USA"),
        counterpartyKind: historicalEntry("3. Dunedin, USA"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "federation-of-indian-chambers-of-commerce-and-industry",
      counterpartyName: "Federation of Indian Chambers of Commerce and Industry",
      aliases: ["FICCI", "New Delhi"],
      counterpartyKind: "CHAMBER_OF_COMMERCE",
      city: "New Delhi",
      country: "India",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("4. Federation of Indian Chambers of Commerce and Industry (New Delhi), India")),
        city: historicalEntry("4. Federation of Indian Chambers of Commerce and Industry (New Delhi), India"),
        counterpartyKind: historicalEntry(
          "4. Federation of Indian Chambers of Commerce and Industry (New Delhi), India",
        ),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "hong-kong-chamber-of-commerce",
      counterpartyName: "Hong Kong Chamber of Commerce",
      aliases: ["Hong Kong"],
      counterpartyKind: "CHAMBER_OF_COMMERCE",
      city: "Hong Kong",
      country: "China",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("5. Hong Kong Chamber of Commerce, China")),
        city: historicalEntry("5. Hong Kong Chamber of Commerce, China"),
        counterpartyKind: historicalEntry("5. Hong Kong Chamber of Commerce, China"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "hong-kong-trade-development-council",
      counterpartyName: "Hong Kong Trade Development Council",
      aliases: ["Hong Kong", "HKTDC"],
      counterpartyKind: "TRADE_OR_INVESTMENT_AGENCY",
      city: "Hong Kong",
      country: "China",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("6. Hong Kong Trade Development Council, China")),
        city: historicalEntry("6. Hong Kong Trade Development Council, China"),
        counterpartyKind: historicalEntry("6. Hong Kong Trade Development Council, China"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "invest-sao-paulo",
      counterpartyName: "Invest Sao Paulo",
      aliases: ["Invest São Paulo", "Sao Paulo", "São Paulo"],
      counterpartyKind: "TRADE_OR_INVESTMENT_AGENCY",
      city: "Sao Paulo",
      country: "Brazil",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("7. Invest Sao Paulo, Brazil")),
        city: historicalEntry("7. Invest Sao Paulo, Brazil"),
        counterpartyKind: historicalEntry("7. Invest Sao Paulo, Brazil"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "jaffna",
      counterpartyName: "Jaffna",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Jaffna",
      country: "Sri Lanka",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("8. Jaffna, Sri Lanka")),
        city: historicalEntry("8. Jaffna, Sri Lanka"),
        counterpartyKind: historicalEntry("8. Jaffna, Sri Lanka"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "mexico-city",
      counterpartyName: "Mexico City",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Mexico City",
      country: "Mexico",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("9. Mexico City, Mexico")),
        city: historicalEntry("9. Mexico City, Mexico"),
        counterpartyKind: historicalEntry("9. Mexico City, Mexico"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "pancanada-chamber-of-commerce",
      counterpartyName: "PanCanada Chamber of Commerce",
      aliases: ["Panama City", "PanCanada"],
      counterpartyKind: "CHAMBER_OF_COMMERCE",
      city: "Panama City",
      country: "Panama",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      establishedYear: 2018,
      sources: {
        ...fromEntry(historicalEntry("10. PanCanada Chamber of Commerce (Panama City), Panama")),
        city: historicalEntry("10. PanCanada Chamber of Commerce (Panama City), Panama"),
        counterpartyKind: historicalEntry("10. PanCanada Chamber of Commerce (Panama City), Panama"),
        previousDesignation: source(
          BOARD_OF_TRADE_2019,
          "Quick Facts",
          "Toronto signed an MOU in Panama City, making it the City's newest partnership.",
        ),
        establishedYear: source(
          BOARD_OF_TRADE_2019,
          "Quick Facts (the figures 1986 and 2018 go with the two facts that follow them)",
          "1986 2018 An agreement was signed with Chongqing, China, making it Toronto's oldest partnership. Toronto signed an MOU in Panama City, making it the City's newest partnership.",
        ),
      },
    },
    {
      slug: "portugal",
      counterpartyName: "Portugal",
      aliases: [],
      counterpartyKind: "COUNTRY",
      city: null,
      country: "Portugal",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("11. Portugal (Country)")),
        counterpartyKind: historicalEntry("11. Portugal (Country)"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "shenzhen",
      counterpartyName: "Shenzhen",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Shenzhen",
      country: "China",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("12. Shenzhen, China")),
        city: historicalEntry("12. Shenzhen, China"),
        counterpartyKind: historicalEntry("12. Shenzhen, China"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "state-of-maharashtra",
      counterpartyName: "State of Maharashtra",
      aliases: ["Maharashtra"],
      counterpartyKind: "REGIONAL_GOVERNMENT",
      city: null,
      country: "India",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("13. State of Maharashtra, India")),
        counterpartyKind: historicalEntry("13. State of Maharashtra, India"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "thrace-regional-development-agency",
      counterpartyName: "Thrace Regional Development Agency",
      aliases: ["Trakya", "Thrace"],
      counterpartyKind: "TRADE_OR_INVESTMENT_AGENCY",
      city: null,
      country: "Türkiye",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      notes:
        "Table 1 gives “(Trakya)” after the name: Trakya is the Turkish name of the Thrace region, not a city, so no city is recorded.",
      sources: {
        ...fromEntry(historicalEntry("14. Thrace Regional Development Agency (Trakya), Turkey")),
        aliases: historicalEntry("14. Thrace Regional Development Agency (Trakya), Turkey"),
        counterpartyKind: historicalEntry("14. Thrace Regional Development Agency (Trakya), Turkey"),
        previousDesignation: EXPIRED_MOUS,
        notes: historicalEntry("14. Thrace Regional Development Agency (Trakya), Turkey"),
      },
    },
    {
      slug: "uruguay-xxi",
      counterpartyName: "Uruguay XXI",
      aliases: ["Montevideo"],
      counterpartyKind: "TRADE_OR_INVESTMENT_AGENCY",
      city: "Montevideo",
      country: "Uruguay",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      sources: {
        ...fromEntry(historicalEntry("15. Uruguay XXI (Montevideo), Uruguay")),
        city: historicalEntry("15. Uruguay XXI (Montevideo), Uruguay"),
        counterpartyKind: historicalEntry("15. Uruguay XXI (Montevideo), Uruguay"),
        previousDesignation: EXPIRED_MOUS,
      },
    },
    {
      slug: "wuxi",
      counterpartyName: "Wuxi",
      aliases: [],
      counterpartyKind: "MUNICIPALITY",
      city: "Wuxi",
      country: "China",
      category: "HISTORICAL",
      previousDesignation: "MOU",
      establishedYear: null,
      notes:
        "An earlier Friendship City relationship with Wuxi dates from 1996 (2001 policy, Historical City Partnerships); the 2024 report counts the agreement among the MOUs of 2013–2019, whose year is not recorded.",
      sources: {
        ...fromEntry(historicalEntry("16. Wuxi, China")),
        city: historicalEntry("16. Wuxi, China"),
        counterpartyKind: historicalEntry("16. Wuxi, China"),
        previousDesignation: EXPIRED_MOUS,
        notes: source(
          POLICY_2001,
          "Attachment 4, IAP Partnership Classification, Historical City Partnerships",
          "Wuxi 1996 Friendship City",
        ),
      },
      activities: [
        {
          year: 1996,
          description:
            "Friendship City relationship with Wuxi (listed among the Historical City Partnerships in 2001).",
          source: source(
            POLICY_2001,
            "Attachment 4, IAP Partnership Classification, Historical City Partnerships",
            "Wuxi 1996 Friendship City",
          ),
        },
      ],
    },

    // ── Outside the IAP ──────────────────────────────────────────────────────────────────────────
    {
      slug: "austin",
      counterpartyName: "Austin",
      aliases: ["Austin-Toronto Music City Alliance", "Music City Alliance"],
      counterpartyKind: "MUNICIPALITY",
      city: "Austin",
      country: "United States",
      category: "OUTSIDE_IAP",
      previousDesignation: "MOU",
      establishedYear: 2013,
      notes:
        "The long-term Austin-Toronto Music City Alliance agreement, the only one of the 19 MOUs of 2013–2019 approved by City Council (in alignment with the City's Music Strategy), stays a unique bi-lateral arrangement outside the IAP framework.",
      sources: {
        category: source(
          REPORT_2024,
          "Recommended Assignment of Toronto's IAP and MOU Agreements, summary",
          "The long-term Austin-Toronto Music City Alliance agreement endorsed by City Council in 2013 continue to be considered a unique bi-lateral arrangement outside the framework of the IAP.",
        ),
        counterpartyName: source(
          REPORT_2024,
          "MOUs and the Cap on the Number of IAP Relationships",
          "Only the agreement with Austin, Texas was formally approved at a City Council meeting in alignment with the City's Music Strategy",
        ),
        aliases: source(
          REPORT_2024,
          "Recommended Assignment of Toronto's IAP and MOU Agreements, summary",
          "Austin-Toronto Music City Alliance agreement",
        ),
        counterpartyKind: source(REPORT_2024, "MOUs and the Cap on the Number of IAP Relationships", "Austin, Texas"),
        city: source(REPORT_2024, "MOUs and the Cap on the Number of IAP Relationships", "Austin, Texas"),
        country: source(REPORT_2024, "MOUs and the Cap on the Number of IAP Relationships", "Austin, Texas"),
        previousDesignation: source(
          REPORT_2024,
          "MOUs and the Cap on the Number of IAP Relationships",
          "Between 2013 and 2019, the City entered into 19 Memorandum of Understanding (MOU) with different jurisdictions and organizations around the world. Only the agreement with Austin, Texas",
        ),
        establishedYear: source(
          REPORT_2024,
          "Recommended Assignment of Toronto's IAP and MOU Agreements, summary",
          "Austin-Toronto Music City Alliance agreement endorsed by City Council in 2013",
        ),
        notes: source(
          REPORT_2024,
          "MOUs and the Cap on the Number of IAP Relationships",
          "Only the agreement with Austin, Texas was formally approved at a City Council meeting in alignment with the City's Music Strategy",
        ),
      },
      activities: [
        {
          year: 2013,
          description: "City Council endorsed the Austin-Toronto Music City Alliance agreement.",
          source: source(
            REPORT_2024,
            "Recommended Assignment of Toronto's IAP and MOU Agreements, summary",
            "Austin-Toronto Music City Alliance agreement endorsed by City Council in 2013",
          ),
        },
      ],
    },
  ],
};
