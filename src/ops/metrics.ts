import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ChatPlatform, PrismaClient } from "../generated/prisma/client.js";

/**
 * The bot's Prometheus metrics, in a registry of its own (several bots can run in one test
 * process). Counters are bumped where things happen; the database-backed gauges (outbox depth,
 * requests by state) are read when Prometheus scrapes.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: "iap_requests_total",
    help: "Chat messages and forms or buttons handled, by platform and outcome (answered, submitted, invalid, refused, limited, failed).",
    labelNames: ["platform", "outcome"] as const,
    registers: [this.registry],
  });
  readonly #answerSeconds = new Histogram({
    name: "iap_answer_seconds",
    help: "Time the core took to answer a chat message, by platform.",
    labelNames: ["platform"] as const,
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly #reminders = new Counter({
    name: "iap_reminders_total",
    help: "Reminders queued by the scheduler, and outbox posts sent or failed (an attempt that will be retried).",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });
  readonly #outboxDepth = new Gauge({
    name: "iap_outbox_depth",
    help: "Posts waiting in the outbox (pending), by platform.",
    labelNames: ["platform"] as const,
    registers: [this.registry],
  });
  readonly #intake = new Gauge({
    name: "iap_intake_requests",
    help: "Intake requests by state.",
    labelNames: ["state"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "iap_" });
  }

  answered(platform: ChatPlatform, seconds: number, ok: boolean): void {
    this.#requests.inc({ platform, outcome: ok ? "answered" : "failed" });
    if (ok) this.#answerSeconds.observe({ platform }, seconds);
  }

  /**
   * A form or button handled: "submitted" when it was recorded, "invalid" when it went back with
   * problems to fix, "refused" when it was not permitted or came too late, "failed" when it broke.
   */
  formHandled(platform: ChatPlatform, outcome: "submitted" | "invalid" | "refused" | "limited" | "failed"): void {
    this.#requests.inc({ platform, outcome });
  }

  /** A question or submission turned away by a rate limit (the sender was told to slow down). */
  limited(platform: ChatPlatform): void {
    this.#requests.inc({ platform, outcome: "limited" });
  }

  remindersQueued(count: number): void {
    if (count > 0) this.#reminders.inc({ event: "queued" }, count);
  }

  outboxDrained(report: { readonly sent: number; readonly failed: number }): void {
    if (report.sent > 0) this.#reminders.inc({ event: "sent" }, report.sent);
    if (report.failed > 0) this.#reminders.inc({ event: "failed" }, report.failed);
  }

  /** The text Prometheus scrapes, with the gauges read from the database now. */
  async render(prisma: PrismaClient): Promise<string> {
    const [outbox, requests] = await Promise.all([
      prisma.outboxMessage.groupBy({ by: ["platform"], where: { state: "PENDING" }, _count: { _all: true } }),
      prisma.intakeRequest.groupBy({ by: ["state"], _count: { _all: true } }),
    ]);
    this.#outboxDepth.reset();
    for (const platform of ["SLACK", "TEAMS"] as const) this.#outboxDepth.set({ platform }, 0);
    for (const row of outbox) this.#outboxDepth.set({ platform: row.platform }, row._count._all);
    this.#intake.reset();
    for (const row of requests) this.#intake.set({ state: row.state }, row._count._all);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
