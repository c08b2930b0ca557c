import { z } from "zod";
import type { Actor } from "../audit/audit-log.js";
import type { FormField, FormOpening, FormResult, FormSpec, FormValues } from "../chat/form.js";
import { clipText, describeActor, formatDate, formatDateTime } from "../conversation/format-values.js";
import type { Fact, Reply } from "../conversation/reply.js";
import type { PrismaClient, ReminderAnswer } from "../generated/prisma/client.js";
import { isoDate, text } from "../intake/form-fields.js";
import { nameChatIdentities } from "../people/name-people.js";
import { recogniseUser } from "../people/recognise-user.js";
import type { IsoDate } from "../registry/registry-document.js";
import { calendarDateIn, daysAfter } from "../shared/calendar-date.js";
import type { Clock } from "../shared/clock.js";
import {
  ANSWERABLE_KINDS,
  actorKey,
  type DeliveryToAnswer,
  findDeliveryToAnswer,
  PERSON_ANSWERS,
  type PersonAnswer,
  readActorKey,
  recordReminderAnswer,
} from "./reminder-ledger.js";

/**
 * The answers to an expiry reminder's buttons ("Renewal under way", "Let it expire", "Snooze"):
 * the forms behind them and what a submission records. Coordinators and division representatives
 * answer for the working group; the answer goes on the reminder's ledger row with an audit entry on
 * the agreement, and due-reminders.ts reads it back (no more lead reminders for an answered date; a
 * snoozed one returns on its day).
 */

export interface ReminderDeskDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  /** IANA zone "today" is counted in (IAP_TIME_ZONE). */
  readonly timeZone: string;
  /** Local hour reminders post at (REMINDER_HOUR), to say when a snoozed one returns; default 9. */
  readonly reminderHour?: number;
}

export interface ReminderDesk {
  /** The form behind an answer button, for the person who clicked it. */
  openForm(formId: string, who: Actor): Promise<FormOpening>;
  /** Validates and records an answer; a second answer replaces the first. */
  submitForm(formId: string, values: FormValues, who: Actor): Promise<FormResult>;
  /** True for every form id starting with "reminder.": this desk answers for all of them, unknown ones included. */
  owns(formId: string): boolean;
}

export const REMINDER_FORM_PREFIX = "reminder.";

export const ANSWER_LABELS: Record<ReminderAnswer, string> = {
  RENEWAL_UNDER_WAY: "Renewal under way",
  LET_EXPIRE: "Let it expire",
  SNOOZED: "Snoozed",
  ACKNOWLEDGED: "Acknowledged",
};

/** How far ahead a snooze goes unless the person picks another day. */
export const DEFAULT_SNOOZE_DAYS = 7;
const NOTE_MAX = 1000;

export interface AnswerFormRef {
  readonly deliveryId: number;
  readonly answer: PersonAnswer;
}

const ANSWER_FORM_ID = /^reminder\.answer:(\d{1,10}):([A-Z_]+)$/;

/** `reminder.answer:<deliveryId>:<answer>` (the ids due-reminders.ts puts on the buttons), or null. */
export function readAnswerFormId(formId: string): AnswerFormRef | null {
  const match = ANSWER_FORM_ID.exec(formId);
  if (!match) return null;
  const deliveryId = Number(match[1]);
  const answer = PERSON_ANSWERS.find((candidate) => candidate === match[2]);
  if (!answer || deliveryId < 1 || deliveryId > 2_147_483_647) return null;
  return { deliveryId, answer };
}

const refused = (text: string): { status: "refused"; reply: Reply } => ({
  status: "refused",
  reply: { kind: "refused", text },
});

const UNKNOWN_FORM =
  "That button belongs to a reminder form this bot no longer knows. Ask “reminders for <agreement>” to see its reminders.";

export function createReminderDesk(deps: ReminderDeskDeps): ReminderDesk {
  const { prisma } = deps;
  const today = () => calendarDateIn(deps.clock(), deps.timeZone);

  /** Why `who` may not answer, or null when they may: coordinators, division representatives and the console's operator. */
  async function refusalFor(who: Actor): Promise<string | null> {
    if (who.platform === "CONSOLE") return null;
    const person = await recogniseUser(prisma, who.platform, who.externalId);
    if (person?.role === "COORDINATOR" || person?.role === "DIVISION_REP") return null;
    return (
      "Only CCO-SPER coordinators and division representatives can answer reminders for the working group, " +
      "so nothing was recorded. Tell your division representative, or ask a coordinator to give you that role."
    );
  }

  /** The row an answer goes on, or why it cannot take this answer. */
  async function deliveryFor(ref: AnswerFormRef): Promise<{ row: DeliveryToAnswer } | { problem: string }> {
    const row = await findDeliveryToAnswer(prisma, ref.deliveryId);
    if (!row) return { problem: "That reminder is no longer on record, so nothing can be recorded on it." };
    if (!ANSWERABLE_KINDS.includes(row.kind)) return { problem: "That reminder does not take an answer." };
    if (row.agreementId === null || !row.agreement) {
      return { problem: "The agreement of that reminder is no longer in the registry, so nothing was recorded." };
    }
    if (ref.answer === "SNOOZED" && dueDay(row) <= today()) {
      return {
        problem: `The date is ${formatDate(dueDay(row))}, so there is no day left to snooze to. Answer “Renewal under way” or “Let it expire” instead.`,
      };
    }
    return { row };
  }

  async function openForm(formId: string, who: Actor): Promise<FormOpening> {
    const ref = readAnswerFormId(formId);
    if (!ref) return { ok: false, reply: { kind: "refused", text: UNKNOWN_FORM } };
    const refusal = await refusalFor(who);
    if (refusal) return { ok: false, reply: { kind: "refused", text: refusal } };
    const found = await deliveryFor(ref);
    if ("problem" in found) return { ok: false, reply: { kind: "refused", text: found.problem } };
    return { ok: true, form: await answerForm(formId, ref.answer, found.row) };
  }

  async function answerForm(formId: string, answer: PersonAnswer, row: DeliveryToAnswer): Promise<FormSpec> {
    const previous = await previousAnswerText(row);
    const intro = [`${clipText(row.summary, 200)} (${formatDate(dueDay(row))}).`, previous].filter(Boolean).join(" ");
    if (answer === "SNOOZED") {
      const suggested = daysAfter(today(), DEFAULT_SNOOZE_DAYS);
      const due = dueDay(row);
      return {
        id: formId,
        title: "Snooze the reminder",
        intro,
        submitLabel: "Snooze",
        fields: [
          {
            name: "until",
            label: "Remind again on",
            kind: "date",
            required: true,
            hint: `A day after today and no later than ${formatDate(due)}. No reminders come before it.`,
            initial: suggested < due ? suggested : due,
          },
          {
            name: "reason",
            label: "Why snooze?",
            kind: "long-text",
            required: true,
            maxLength: NOTE_MAX,
            hint: "For the working group: what you are waiting for.",
          },
        ],
      };
    }
    const note: FormField = {
      name: "note",
      label: "Note",
      kind: "long-text",
      required: false,
      maxLength: NOTE_MAX,
      hint:
        answer === "RENEWAL_UNDER_WAY"
          ? "Optional: who is handling it, where it stands."
          : "Optional: why it should expire.",
    };
    return {
      id: formId,
      title: ANSWER_LABELS[answer],
      intro,
      submitLabel: "Record",
      fields: [note],
    };
  }

  /** "Already answered “Let it expire” by Avery (Slack) on …; this answer replaces it." */
  async function previousAnswerText(row: DeliveryToAnswer): Promise<string | null> {
    if (!row.answer || !row.answeredAt) return null;
    const by = await describeAnswerer(row.answeredBy);
    return `Already answered “${ANSWER_LABELS[row.answer]}”${by ? ` by ${by}` : ""} on ${formatDateTime(row.answeredAt, deps.timeZone)}; this answer replaces it.`;
  }

  async function describeAnswerer(key: string | null): Promise<string | null> {
    const actor = readActorKey(key);
    if (!actor) return key ? clipText(key, 60) : null;
    return describeActor(actor, await nameChatIdentities(prisma, [actor]));
  }

  async function submitForm(formId: string, values: FormValues, who: Actor): Promise<FormResult> {
    const ref = readAnswerFormId(formId);
    if (!ref) return refused(UNKNOWN_FORM);
    const refusal = await refusalFor(who);
    if (refusal) return refused(refusal);
    const found = await deliveryFor(ref);
    if ("problem" in found) return refused(found.problem);
    const { row } = found;
    const parsed = readAnswerValues(ref.answer, values, today(), dueDay(row));
    if (!parsed.ok) {
      return {
        status: "invalid",
        errors: parsed.errors,
        reply: {
          kind: "refused",
          text: "Nothing was recorded; correct these and submit again.",
          lists: [
            {
              items: Object.values(parsed.errors).map((error) => ({ text: error })),
              total: Object.keys(parsed.errors).length,
            },
          ],
        },
      };
    }
    const recorded = await recordReminderAnswer(prisma, {
      deliveryId: row.id,
      answer: ref.answer,
      note: parsed.note,
      snoozedUntil: parsed.until,
      actor: who,
      now: deps.clock(),
    });
    if (!recorded) return refused("That reminder is no longer on record, so nothing was recorded.");
    return { status: "done", reply: await recordedReply(row, ref.answer, parsed, recorded.before, who) };
  }

  async function recordedReply(
    row: DeliveryToAnswer,
    answer: PersonAnswer,
    values: { readonly note: string | null; readonly until: IsoDate | null },
    before: { readonly answer: ReminderAnswer | null; readonly answeredBy: string | null },
    who: Actor,
  ): Promise<Reply> {
    const name = clipText(row.agreement?.counterpartyName ?? "the agreement", 120);
    const due = formatDate(dueDay(row));
    const hour = String(deps.reminderHour ?? 9).padStart(2, "0");
    const outcome = {
      RENEWAL_UNDER_WAY: `Recorded: a renewal is under way. No more reminders before ${due}; if the date is unchanged the day after, the working group hears it ended unrenewed, so record the new ${row.kind === "PROJECT_EXPIRY" ? "project end date" : "term end"} once it is signed.`,
      LET_EXPIRE: `Recorded: let it expire on ${due}. No more reminders before then.`,
      SNOOZED: `Snoozed: the reminder comes back on ${values.until ? formatDate(values.until) : due} at ${hour}:00, and none comes before.`,
    }[answer];
    const replaced =
      before.answer === null
        ? null
        : `This replaces “${ANSWER_LABELS[before.answer]}”${before.answeredBy ? ` by ${(await describeAnswerer(before.answeredBy)) ?? "someone"}` : ""}.`;
    const by = await describeAnswerer(actorKey(who));
    const facts: Fact[] = [
      { label: "Agreement", value: name, known: true },
      { label: "Reminder", value: clipText(row.summary, 200), known: true },
      { label: "Date", value: due, known: true },
      { label: "Answer", value: ANSWER_LABELS[answer], known: true },
      ...(values.until ? [{ label: "Until", value: formatDate(values.until), known: true }] : []),
      ...(values.note
        ? [{ label: answer === "SNOOZED" ? "Reason" : "Note", value: clipText(values.note, 300), known: true }]
        : []),
      { label: "Answered by", value: by ?? "you", known: true },
    ];
    return {
      kind: "answer",
      title: `${name}: ${ANSWER_LABELS[answer]}`,
      text: [outcome, replaced].filter(Boolean).join(" "),
      facts,
      suggestions: [
        {
          label: `Reminders for ${name}`,
          query: `reminders for ${row.agreement?.counterpartyName ?? ""}`.slice(0, 500),
        },
      ],
    };
  }

  return {
    openForm,
    submitForm,
    owns: (formId) => formId.startsWith(REMINDER_FORM_PREFIX),
  };
}

const dueDay = (row: Pick<DeliveryToAnswer, "dueOn">): IsoDate => row.dueOn.toISOString().slice(0, 10);

type AnswerValues =
  | { readonly ok: true; readonly note: string | null; readonly until: IsoDate | null }
  | { readonly ok: false; readonly errors: Record<string, string> };

const optionalNote = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  text(NOTE_MAX).optional(),
);

/** The form's values, checked: a note of at most NOTE_MAX characters; for a snooze a reason and a day after today, on or before the date. */
export function readAnswerValues(answer: PersonAnswer, values: FormValues, today: IsoDate, due: IsoDate): AnswerValues {
  const errors: Record<string, string> = {};
  if (answer !== "SNOOZED") {
    const note = optionalNote.safeParse(values.note);
    if (!note.success)
      return { ok: false, errors: { note: `Note ${note.error.issues[0]?.message ?? "is not valid"}.` } };
    return { ok: true, note: note.data ?? null, until: null };
  }
  const reason = optionalNote.safeParse(values.reason);
  if (!reason.success) errors.reason = `Reason ${reason.error.issues[0]?.message ?? "is not valid"}.`;
  else if (!reason.data) errors.reason = "Give a reason for snoozing, for the working group.";
  const until = isoDate.safeParse(values.until ?? "");
  if (!values.until?.trim()) errors.until = "Pick the day to be reminded again.";
  else if (!until.success) errors.until = `The day ${until.error.issues[0]?.message ?? "is not valid"}.`;
  else if (until.data <= today) errors.until = `Pick a day after today (${formatDate(today)}).`;
  else if (until.data > due) errors.until = `Pick a day no later than the date itself, ${formatDate(due)}.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, note: reason.success ? (reason.data ?? null) : null, until: until.success ? until.data : null };
}
