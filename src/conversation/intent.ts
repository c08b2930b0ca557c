import type { ReminderKind } from "../generated/prisma/client.js";
import type { IntakeKind } from "../intake/intake-kind.js";
import type { Age } from "../intake/request-age.js";
import type { AgreementCategory, IsoDate } from "../registry/registry-document.js";
import type { Quarter } from "../reminders/digest-quarter.js";

/**
 * What a person asked, as understood by the intent parser. Pure data: resolving names
 * against the registry and answering happen elsewhere.
 */
export type Intent =
  /** "what's happening with Milan?", "Kiev", "tell me about HCMC". `subject` is the name as typed, cleaned. */
  | { readonly kind: "agreement-status"; readonly subject: string }
  /** "when was Chongqing signed", "when does Lisbon end". */
  | { readonly kind: "agreement-date"; readonly subject: string; readonly which: AgreementDateField }
  /** "list the international projects", "historical agreements in China". */
  | { readonly kind: "list-agreements"; readonly filter: AgreementFilter }
  /** "how many partnership cities are there?" */
  | { readonly kind: "count-agreements"; readonly filter: AgreementFilter }
  /** "what expires in the next 6 months", "this quarter", "before 2027". */
  | { readonly kind: "expiring"; readonly window: DateWindow; readonly filter: AgreementFilter }
  /** Gaps the 2024 policy cares about. */
  | { readonly kind: "gap"; readonly gap: PolicyGap; readonly filter: AgreementFilter }
  /** "who signs an international project?", "how long can a partnership last?" */
  | { readonly kind: "policy"; readonly topic: PolicyTopic; readonly category: AgreementCategory | null }
  /** "status of request 12", "request #12", "where is request 12?" */
  | { readonly kind: "request-status"; readonly number: number }
  /** "my requests", "what did I submit" */
  | { readonly kind: "my-requests" }
  /** "what's waiting for approval?", "open requests", "the intake pipeline"; `state` null = every open state. */
  | { readonly kind: "open-requests"; readonly state: OpenRequestState | null }
  /** "overdue requests", "open longer than 3 months"; `olderThan` null = the configured target. */
  | { readonly kind: "overdue-requests"; readonly olderThan: Age | null }
  /** "new request", "propose a sister city", "a delegation is visiting": the buttons to open a request form. */
  | { readonly kind: "new-request"; readonly requestKind: IntakeKind | null }
  /**
   * "role add @Ana coordinator", "make @Ana a coordinator", "role remove @Ana". Who is meant comes
   * with the message (its first mention), not from the text; `role` null = explain the command.
   */
  | {
      readonly kind: "change-role";
      readonly role: ChatRole | null;
      /** "EDC" in "role add @Bo division rep EDC", as typed. */
      readonly divisionCode: string | null;
      /** The name after the first "@" as typed ("Ana"), used when the person is new to the registry. */
      readonly mentionedName: string | null;
    }
  /** "audit request 12", "history of request 12" */
  | { readonly kind: "request-history"; readonly number: number }
  /** "audit log", "recent changes" */
  | { readonly kind: "audit-log" }
  /**
   * "digest", "prep for next meeting", "what's on the agenda for the next meeting?", "digest 2027Q1":
   * the working group's meeting digest; `quarter` null = the next meeting.
   */
  | { readonly kind: "meeting-digest"; readonly quarter: Quarter | null }
  /** "when is the next meeting?", "next working group meeting". */
  | { readonly kind: "next-meeting" }
  /** "what reminders are coming up?", "reminders this month"; `window` null = the next 30 days. */
  | { readonly kind: "upcoming-reminders"; readonly window: DateWindow | null }
  /** "who was reminded about Lisbon, and what did they answer?", "reminder history for Lisbon". */
  | { readonly kind: "reminder-history"; readonly subject: string }
  /** "mute anniversaries for Warsaw", "unmute expiry reminders for Lisbon"; no kinds = every kind that can be muted. */
  | {
      readonly kind: "mute-reminders";
      readonly subject: string;
      readonly reminderKinds: readonly ReminderKind[];
      readonly mute: boolean;
    }
  /** "which posts failed?", "outbox". */
  | { readonly kind: "failed-posts" }
  /** "reminder settings". */
  | { readonly kind: "reminder-settings" }
  /**
   * "turn off anniversary reminders", "set expiry reminders to 120, 60, 14 days". `enabled` and
   * `leadDays` null = unchanged; `subject` is an agreement named with it (rules apply to all of them).
   */
  | {
      readonly kind: "change-reminder-rule";
      readonly reminderKinds: readonly ReminderKind[];
      readonly enabled: boolean | null;
      readonly leadDays: readonly number[] | null;
      readonly subject: string | null;
    }
  /** "source?", "where does that come from?" — about the previous answer. */
  | { readonly kind: "source" }
  | { readonly kind: "help" }
  | { readonly kind: "greeting" }
  /** Nothing recognisable; `text` is the cleaned input (possibly empty). */
  | { readonly kind: "unknown"; readonly text: string };

export type IntentKind = Intent["kind"];

/** The states a request waits in (every state but the four it ends in). */
export type OpenRequestState = "SUBMITTED" | "INITIAL_ASSESSMENT" | "CAPACITY_ASSESSMENT" | "APPROVAL";

/** A person's role in the bot (PersonRole in the schema). */
export type ChatRole = "COORDINATOR" | "DIVISION_REP" | "STAFF";

export type AgreementDateField = "established" | "term-start" | "term-end";

export interface AgreementFilter {
  readonly category?: AgreementCategory;
  /** Canonical English country name as in the registry ("China", "USA" is "United States"). */
  readonly country?: string;
  /** Region or subregion name from the world-countries data ("Europe", "Asia", "South America"). */
  readonly region?: string;
  /** Lead division code or name as typed ("EDC", "CCO-SPER"); resolved against the database. */
  readonly leadDivision?: string;
}

/** Inclusive calendar-date bounds; null = open. `label` says it back in words ("in the next 6 months"). */
export interface DateWindow {
  readonly from: IsoDate | null;
  readonly to: IsoDate | null;
  readonly label: string;
}

export type PolicyGap =
  | { readonly kind: "no-term-end" }
  | { readonly kind: "no-active-project" }
  | { readonly kind: "no-activity-since"; readonly year: number }
  | { readonly kind: "no-established-date" };

export type PolicyTopic =
  | "signing-authority"
  | "approval"
  | "term-limit"
  | "how-to-propose"
  | "eligibility"
  | "assessment-steps"
  | "categories"
  | "mou"
  | "working-group"
  | "funding";

/** What the parser needs besides the text. `now` is injected; the parser reads no clock. */
export interface ParseContext {
  readonly now: Date;
  /** IANA zone the person's "today" is computed in, e.g. "America/Toronto". */
  readonly timeZone: string;
}
