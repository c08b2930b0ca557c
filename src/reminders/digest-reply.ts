import { categoryLabel, clipText, formatDate, plural } from "../conversation/format-values.js";
import type { OpenRequestState } from "../conversation/intent.js";
import type { Citation, Fact, ListItem, Reply, ReplyList, Suggestion } from "../conversation/reply.js";
import { stateLabel } from "../intake/intake-workflow.js";
import { ordinal } from "./digest-dates.js";
import { quarterLabel } from "./digest-quarter.js";
import type {
  ActivityItem,
  AgreementRef,
  AnniversaryItem,
  DormantItem,
  ExpiringItem,
  MeetingDigest,
  PipelineRequest,
} from "./meeting-digest.js";

/** Items shown per section in chat; each list still says how many there are in all. */
const ITEMS_PER_SECTION = 8;
const NAME_MAX = 80;
const TEXT_MAX = 160;

export interface DigestReplyOptions {
  /**
   * Whether the asker may see the requests themselves (coordinators and division representatives,
   * the working group's channel); others get the number waiting at each step only.
   */
  readonly showRequests?: boolean;
}

export const WORKING_GROUP_CITATION: Citation = {
  about: "Policy: the working group meets no less than quarterly",
  source: {
    document: "004_c975d6aa7d171fca.txt",
    locator: "Implementation Considerations",
    quote: "This group will meet no less than quarterly",
  },
};

export const TIME_LIMITED_CITATION: Citation = {
  about: "Policy: time-limited, with a tangible project",
  source: {
    document: "004_c975d6aa7d171fca.txt",
    locator: "Recommendation 6",
    quote: "are time-limited and identify (at least) one tangible project to jointly deliver over their term",
  },
};

/** The digest as a chat reply: a summary, key facts and one list per section, each cut to a page. */
export function digestReply(digest: MeetingDigest, options: DigestReplyOptions = {}): Reply {
  const showRequests = options.showRequests ?? true;
  const { expiring, anniversaries, intake, dormant, ruleBreaches, activities } = digest;
  const lookAhead = formatDate(expiring.window.to);
  const activityCount = activities.dated.length + activities.yearOnly.length;
  const noTermEnd = ruleBreaches.noTermEnd.length;
  const summary = [
    `${plural(expiring.items.length, "term or project end")} and ${plural(anniversaries.items.length, "anniversary", "anniversaries")} to ${lookAhead}`,
    plural(intake.total, "open request"),
    plural(dormant.items.length, "dormant agreement"),
    `${plural(noTermEnd, "active agreement")} with no term end recorded${noTermEnd > 0 ? ` (${noTermEnd === 1 ? "its end" : "their ends"} cannot be checked)` : ""} and ${ruleBreaches.noProject.length} with no project`,
    `${plural(activityCount, "activity", "activities")} since ${formatDate(activities.window.from)}`,
  ];
  const facts: Fact[] = [
    known("Meeting", `${formatDate(digest.meeting)} (${quarterLabel(digest.quarter)})`),
    digest.previousMeeting
      ? known("Previous meeting", formatDate(digest.previousMeeting))
      : { label: "Previous meeting", value: "not recorded", known: false },
    known("Looking ahead to", lookAhead),
    ...intake.byState.map((group) => known(`Requests at “${stateLabel(group.state)}”`, String(group.count))),
  ];
  const lists: ReplyList[] = [
    section(`Ending by ${lookAhead}`, expiring.items.map(expiringItem)),
    section(`Anniversaries by ${lookAhead}`, anniversaries.items.map(anniversaryItem)),
    ...(showRequests
      ? [
          section(
            "Intake pipeline, by step",
            intake.byState.flatMap((group) => group.requests.map((request) => pipelineItem(group.state, request))),
            intake.total,
          ),
        ]
      : []),
    section(`Dormant: no activity recorded since ${formatDate(dormant.since)}`, dormant.items.map(dormantItem)),
    section("No term end recorded", ruleBreaches.noTermEnd.map(agreementItem)),
    section("No tangible project recorded", ruleBreaches.noProject.map(agreementItem)),
    section(`Activities since ${formatDate(activities.window.from)}`, [
      ...activities.dated.map(activityItem),
      ...activities.yearOnly.map(activityItem),
    ]),
  ];
  const notes = [
    showRequests ? null : "Only CCO-SPER coordinators and division representatives see the requests themselves.",
    activities.sinceLastMeeting ? null : "No earlier meeting is known, so activities are from the last three months.",
  ];
  const suggestions: Suggestion[] = [
    { label: "No term end", query: "which agreements have no term end recorded?" },
    { label: "No active project", query: "which agreements have no active project?" },
    ...(showRequests ? [{ label: "Open requests", query: "open requests" }] : []),
    { label: "Sources", query: "source?" },
  ];
  return {
    kind: "answer",
    title: `Working group meeting, ${formatDate(digest.meeting)}`,
    text: [`To prepare for ${formatDate(digest.meeting)}: ${summary.join("; ")}.`, ...notes].filter(Boolean).join(" "),
    facts,
    lists,
    suggestions,
    sources: [WORKING_GROUP_CITATION, TIME_LIMITED_CITATION],
  };
}

function section(title: string, items: readonly ListItem[], total = items.length): ReplyList {
  const shown = items.slice(0, ITEMS_PER_SECTION);
  return {
    title,
    items: shown.length > 0 ? shown : [{ text: "none" }],
    total,
    offset: 0,
  };
}

const known = (label: string, value: string): Fact => ({ label, value, known: true });
const name = (agreement: AgreementRef) => clipText(agreement.name, NAME_MAX);

function expiringItem(item: ExpiringItem): ListItem {
  return item.kind === "term-end"
    ? {
        text: name(item.agreement),
        detail: `term ends ${formatDate(item.date)} · ${categoryLabel(item.agreement.category)}`,
      }
    : {
        text: `${name(item.agreement)}: project “${clipText(item.project, NAME_MAX)}”`,
        detail: `project ends ${formatDate(item.date)}`,
      };
}

function anniversaryItem(item: AnniversaryItem): ListItem {
  return {
    text: name(item.agreement),
    detail: item.date
      ? `${ordinal(item.years)} anniversary on ${formatDate(item.date)} (established ${formatDate(item.established)})`
      : `${ordinal(item.years)} anniversary in ${item.year}, date not recorded (established ${item.established})`,
  };
}

function pipelineItem(state: OpenRequestState, request: PipelineRequest): ListItem {
  return {
    text: `Request ${request.number}: ${clipText(request.title, NAME_MAX)}`,
    detail: `${stateLabel(state)} · ${plural(request.daysOpen, "day")} open · ${plural(request.daysAtStep, "day")} at this step`,
  };
}

function dormantItem(item: DormantItem): ListItem {
  return {
    text: name(item.agreement),
    detail: `${categoryLabel(item.agreement.category)} · ${item.lastActivityYear ? `last activity ${item.lastActivityYear}` : "no activity recorded"}`,
  };
}

function agreementItem(agreement: AgreementRef): ListItem {
  return { text: name(agreement), detail: categoryLabel(agreement.category) };
}

/** "5 December 2026: …", "2026, date not recorded: …", "2025–2027, date not recorded: …". */
export function activityWhen(item: ActivityItem): string {
  if (item.date) return formatDate(item.date);
  return `${item.endYear ? `${item.year}–${item.endYear}` : item.year}, date not recorded`;
}

function activityItem(item: ActivityItem): ListItem {
  return { text: name(item.agreement), detail: `${activityWhen(item)}: ${clipText(item.description, TEXT_MAX)}` };
}
