import type { Response } from "express";
import { z } from "zod";
import { type CalendarFeedRefusal, generateCalendarFeed } from "../../src/calendar/generate-calendar-feed.js";
import type { AdapterContext } from "./start-bot.js";

/** One `token`; given twice (an array) is a malformed link, not a second chance. */
const CalendarQuerySchema = z.object({ token: z.string().trim().max(512).optional() });

const REFUSAL_STATUS: Record<CalendarFeedRefusal["code"], number> = { TOKEN_MISSING: 401, TOKEN_NOT_VALID: 404 };

/**
 * GET /calendar.ics?token=…: the calendar feed for Outlook, Google or Apple calendars. The token
 * is the only credential, so the URL must never be cached by anyone but its holder, nor logged.
 */
export function mountCalendarRoute({ app, core, config, clock, logger }: AdapterContext): void {
  const deps = {
    prisma: core.database.prisma,
    clock,
    timeZone: config.IAP_TIME_ZONE,
    meetingDates: config.MEETING_DATES,
  };
  app.get("/calendar.ics", async (request, response) => {
    response.set({ "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" });
    const query = CalendarQuerySchema.safeParse(request.query);
    if (!query.success) {
      plain(response, 400, "Give the calendar token once: /calendar.ics?token=…");
      return;
    }
    const feed = await generateCalendarFeed(deps, query.data.token);
    if (!feed.ok) {
      logger.info({ code: feed.code }, feed.logMessage);
      plain(response, REFUSAL_STATUS[feed.code], feed.userMessage);
      return;
    }
    logger.debug({ subscriber: feed.subscriberId, events: feed.events }, "calendar feed served");
    response
      .status(200)
      .set({
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="iap-agreements.ics"',
      })
      .send(feed.ics);
  });
}

function plain(response: Response, status: number, message: string): void {
  response.status(status).type("text/plain; charset=utf-8").send(`${message}\n`);
}
