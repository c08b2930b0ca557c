import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { type Actor, recordAudit } from "../audit/audit-log.js";
import type { PrismaClient } from "../generated/prisma/client.js";

/**
 * Who may read the calendar feed. Each subscriber has a random token that goes in the feed's URL;
 * only its SHA-256 is stored, so a copy of the database cannot read the feed, and a token is shown
 * once, when it is made. A revoked token stops working at once.
 */

/** 32 random bytes: 43 base64url characters, unguessable and safe in a URL without escaping. */
const TOKEN_BYTES = 32;

export const CalendarSubscriberNameSchema = z
  .string()
  .trim()
  .min(1, 'give the subscriber a name, e.g. "CCO-SPER shared calendar"')
  .max(200, "a subscriber name has at most 200 characters")
  .regex(/^\P{Cc}*$/u, "a subscriber name is one line without control characters");

export interface CalendarSubscriber {
  readonly id: number;
  readonly name: string;
  readonly createdAt: Date;
  /** null while the token works. */
  readonly revokedAt: Date | null;
}

type Db = Pick<PrismaClient, "calendarSubscriber" | "$transaction">;

const subscriberFields = { id: true, name: true, createdAt: true, revokedAt: true } as const;

/** The stored form of a token. Lookups go by this hash, so no token is ever compared character by character. */
export function hashCalendarToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type AddSubscriberOutcome =
  | { readonly ok: true; readonly subscriber: CalendarSubscriber; readonly token: string }
  | { readonly ok: false; readonly reason: string };

/** Adds a subscriber with a new token; the token is in the outcome and nowhere else. */
export async function addCalendarSubscriber(
  prisma: Db,
  input: { readonly name: string; readonly actor: Actor; readonly now: Date },
): Promise<AddSubscriberOutcome> {
  const name = CalendarSubscriberNameSchema.safeParse(input.name);
  if (!name.success) return { ok: false, reason: name.error.issues[0]?.message ?? "not a valid name" };
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const subscriber = await prisma.$transaction(async (tx) => {
    const created = await tx.calendarSubscriber.create({
      data: { name: name.data, tokenHash: hashCalendarToken(token), createdAt: input.now },
      select: subscriberFields,
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "calendar.subscribe",
      entity: "CalendarSubscriber",
      entityId: created.id,
      after: { name: created.name },
      at: input.now,
    });
    return created;
  });
  return { ok: true, subscriber, token };
}

/** Every subscriber, revoked ones too, oldest first. */
export async function listCalendarSubscribers(prisma: Pick<PrismaClient, "calendarSubscriber">) {
  const rows: CalendarSubscriber[] = await prisma.calendarSubscriber.findMany({
    select: subscriberFields,
    orderBy: { id: "asc" },
  });
  return rows;
}

/** The subscriber a token belongs to, while it is not revoked; null for anything else. */
export async function findCalendarSubscriber(
  prisma: Pick<PrismaClient, "calendarSubscriber">,
  token: string,
): Promise<CalendarSubscriber | null> {
  const subscriber = await prisma.calendarSubscriber.findUnique({
    where: { tokenHash: hashCalendarToken(token) },
    select: subscriberFields,
  });
  return subscriber && subscriber.revokedAt === null ? subscriber : null;
}

export type RevokeSubscriberOutcome =
  | { readonly ok: true; readonly subscriber: CalendarSubscriber }
  | { readonly ok: false; readonly reason: string };

/**
 * Revokes a subscriber's token, by id ("3" or "#3") or by name (any case). A name shared by
 * several subscribers with working tokens revokes none of them: the answer lists their ids.
 */
export async function revokeCalendarSubscriber(
  prisma: Db,
  input: { readonly subscriber: string; readonly actor: Actor; readonly now: Date },
): Promise<RevokeSubscriberOutcome> {
  const given = input.subscriber.trim();
  const id = /^#?\d{1,9}$/.test(given) ? Number(given.replace("#", "")) : null;
  const candidates = await prisma.calendarSubscriber.findMany({
    where: id !== null ? { id } : { name: { equals: given, mode: "insensitive" } },
    select: subscriberFields,
    orderBy: { id: "asc" },
  });
  const active = candidates.filter((candidate) => candidate.revokedAt === null);
  if (active.length > 1) {
    return {
      ok: false,
      reason: `${active.length} subscribers are called "${given}" (ids ${active.map((row) => row.id).join(", ")}): revoke one by its id.`,
    };
  }
  const target = active[0];
  if (!target) {
    const revoked = candidates[0];
    return {
      ok: false,
      reason: revoked?.revokedAt
        ? `${label(revoked)} was already revoked on ${revoked.revokedAt.toISOString().slice(0, 10)}.`
        : `There is no calendar subscriber ${id !== null ? `with id ${id}` : `called "${given}"`}. See iap calendar list.`,
    };
  }
  const subscriber = await prisma.$transaction(async (tx) => {
    // Conditional, so that of two revocations at once only one is recorded.
    const { count } = await tx.calendarSubscriber.updateMany({
      where: { id: target.id, revokedAt: null },
      data: { revokedAt: input.now },
    });
    if (count === 0) return null;
    await recordAudit(tx, {
      actor: input.actor,
      action: "calendar.revoke",
      entity: "CalendarSubscriber",
      entityId: target.id,
      before: { name: target.name, revokedAt: null },
      after: { name: target.name, revokedAt: input.now.toISOString() },
      at: input.now,
    });
    return { ...target, revokedAt: input.now };
  });
  if (!subscriber) return { ok: false, reason: `${label(target)} was revoked a moment ago by someone else.` };
  return { ok: true, subscriber };
}

const label = (subscriber: CalendarSubscriber) => `Subscriber ${subscriber.id} ("${subscriber.name}")`;
