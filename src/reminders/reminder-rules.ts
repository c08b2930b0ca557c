import { z } from "zod";
import type { ChatPlatform, PrismaClient, ReminderKind } from "../generated/prisma/client.js";

/**
 * The reminder rules and their defaults. A rule stored in the database (ReminderRule) overrides its
 * kind's defaults; a kind without a row runs on them.
 */

export const REMINDER_KINDS = [
  "TERM_EXPIRY",
  "PROJECT_EXPIRY",
  "ANNIVERSARY",
  "MILESTONE_DUE",
  "INTAKE_OVERDUE",
  "INTAKE_STEP_WAITING",
  "SIGNIFICANT_DATE",
  "MEETING_DIGEST",
  "ESCALATION",
] as const satisfies readonly ReminderKind[];

const OptionsSchema = z.object({
  /** ANNIVERSARY: remind of every n-th year of establishment. */
  everyYears: z.number().int().min(1).max(100).optional(),
  /** INTAKE_STEP_WAITING: days a request may wait at one step. */
  waitingDays: z.number().int().min(1).max(3650).optional(),
  /** ESCALATION: days after an unanswered 30-day expiry reminder before the working group is told. */
  escalateAfterDays: z.number().int().min(1).max(365).optional(),
});
export type RuleOptions = z.infer<typeof OptionsSchema>;

const ChannelsSchema = z.object({ SLACK: z.string().min(1).optional(), TEAMS: z.string().min(1).optional() });

export interface ReminderRule {
  readonly kind: ReminderKind;
  readonly enabled: boolean;
  /** Days ahead of the date to remind, largest first; 0 is the day itself. */
  readonly leadDays: readonly number[];
  /** Where to post by platform; a platform without one uses the working-group conversation. */
  readonly channels: Partial<Record<ChatPlatform, string>>;
  readonly options: RuleOptions;
}

const defaults = (kind: ReminderKind, leadDays: number[], options: RuleOptions = {}): ReminderRule => ({
  kind,
  enabled: true,
  leadDays,
  channels: {},
  options,
});

/** The defaults: expiry 180/90/30/7 days and the day; anniversaries 60 days ahead and the day. */
export const DEFAULT_RULES: Readonly<Record<ReminderKind, ReminderRule>> = {
  TERM_EXPIRY: defaults("TERM_EXPIRY", [180, 90, 30, 7, 0]),
  PROJECT_EXPIRY: defaults("PROJECT_EXPIRY", [180, 90, 30, 7, 0]),
  ANNIVERSARY: defaults("ANNIVERSARY", [60, 0], { everyYears: 5 }),
  MILESTONE_DUE: defaults("MILESTONE_DUE", [7, 0]),
  INTAKE_OVERDUE: defaults("INTAKE_OVERDUE", [0]),
  INTAKE_STEP_WAITING: defaults("INTAKE_STEP_WAITING", [0], { waitingDays: 30 }),
  SIGNIFICANT_DATE: defaults("SIGNIFICANT_DATE", [14, 0]),
  MEETING_DIGEST: defaults("MEETING_DIGEST", [7]),
  ESCALATION: defaults("ESCALATION", [0], { escalateAfterDays: 7 }),
};

/** The lead reminded of before an expiry that escalates when nobody answers it. */
export const ESCALATING_LEAD_DAYS = 30;

export type ReminderRules = Readonly<Record<ReminderKind, ReminderRule>>;

/** Every rule as it applies now: stored settings over defaults. */
export async function loadReminderRules(prisma: Pick<PrismaClient, "reminderRule">): Promise<ReminderRules> {
  const rows = await prisma.reminderRule.findMany();
  const rules: Record<ReminderKind, ReminderRule> = { ...DEFAULT_RULES };
  for (const row of rows) {
    const base = DEFAULT_RULES[row.kind];
    const options = OptionsSchema.safeParse(row.options);
    const channels = ChannelsSchema.safeParse(row.channels);
    rules[row.kind] = {
      kind: row.kind,
      enabled: row.enabled,
      leadDays: row.leadDays.length > 0 ? [...new Set(row.leadDays)].sort((a, b) => b - a) : base.leadDays,
      channels: channels.success ? channels.data : {},
      options: { ...base.options, ...(options.success ? options.data : {}) },
    };
  }
  return rules;
}

/** Changes one rule (on/off, lead days, channels, options), keeping what is not given. */
export async function saveReminderRule(
  prisma: Pick<PrismaClient, "reminderRule">,
  kind: ReminderKind,
  change: Partial<Omit<ReminderRule, "kind">>,
): Promise<ReminderRule> {
  const current = (await loadReminderRules(prisma))[kind];
  const next: ReminderRule = { ...current, ...change, kind };
  await prisma.reminderRule.upsert({
    where: { kind },
    create: {
      kind,
      enabled: next.enabled,
      leadDays: [...next.leadDays],
      channels: next.channels,
      options: next.options,
    },
    update: { enabled: next.enabled, leadDays: [...next.leadDays], channels: next.channels, options: next.options },
  });
  return next;
}
