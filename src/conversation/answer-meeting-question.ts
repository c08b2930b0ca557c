import type { AskerAccess } from "../people/asker-access.js";
import type { IsoDate } from "../registry/registry-document.js";
import { chooseDigestMeeting, type Quarter } from "../reminders/digest-quarter.js";
import { digestReply, WORKING_GROUP_CITATION } from "../reminders/digest-reply.js";
import { nextMeeting, previousMeeting } from "../reminders/meeting-dates.js";
import { buildMeetingDigest, type MeetingDigestDeps } from "../reminders/meeting-digest.js";
import { calendarDateIn } from "../shared/calendar-date.js";
import { formatDate } from "./format-values.js";
import type { Fact, Reply } from "./reply.js";

/** Questions about the working group's meetings: the digest that prepares one, and when the next one is. */

const DIGEST_SUGGESTION = { label: "Prepare the next meeting", query: "prep for next meeting" };
const NEXT_MEETING_SUGGESTION = { label: "When is the next meeting?", query: "when is the next meeting?" };

/**
 * "digest", "digest 2027Q1": the digest for the next meeting, or for the quarter's. Everyone may ask;
 * only coordinators and division representatives see the open requests themselves, as in "open requests".
 */
export async function meetingDigestAnswer(
  deps: MeetingDigestDeps,
  quarter: Quarter | null,
  access: Pick<AskerAccess, "seesAllRequests">,
): Promise<Reply> {
  const today = calendarDateIn(deps.clock(), deps.timeZone);
  const choice = chooseDigestMeeting(quarter, today, deps.meetingDates);
  if (!choice.ok) {
    return { kind: "not-found", text: choice.message, suggestions: [NEXT_MEETING_SUGGESTION] };
  }
  const digest = await buildMeetingDigest(deps, choice.meeting);
  return digestReply(digest, { showRequests: access.seesAllRequests });
}

/** "when is the next meeting?": the next meeting on or after today, and the one before it. */
export function nextMeetingReply(now: Date, timeZone: string, meetingDates: readonly IsoDate[]): Reply {
  const today = calendarDateIn(now, timeZone);
  const next = nextMeeting(today, meetingDates);
  const previous = previousMeeting(today, meetingDates);
  const schedule =
    meetingDates.length > 0
      ? "These are the configured meeting dates."
      : "Unless other dates are configured, it meets on the first Tuesday of February, May, August and November.";
  const facts: Fact[] = [
    next
      ? { label: "Next meeting", value: formatDate(next), known: true }
      : { label: "Next meeting", value: "not scheduled", known: false },
    previous
      ? { label: "Previous meeting", value: formatDate(previous), known: true }
      : { label: "Previous meeting", value: "not recorded", known: false },
  ];
  return {
    kind: "answer",
    title: "Working group meetings",
    text: [
      next
        ? `The working group's next meeting is on ${formatDate(next)}${next === today ? " (today)" : ""}.`
        : "No working group meeting is scheduled from today on.",
      "The working group meets no less than quarterly.",
      schedule,
    ].join(" "),
    facts,
    suggestions: next ? [DIGEST_SUGGESTION, { label: "Sources", query: "source?" }] : [],
    sources: [WORKING_GROUP_CITATION],
  };
}
