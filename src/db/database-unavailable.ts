/**
 * The database cannot be reached (PostgreSQL down, restarting, cut off by the network; PGlite
 * closed under a request): nothing the person did, and nothing to fix in the code. `message` is
 * for the log; `userMessage` tells the person to try again.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = "database-unavailable";
  readonly userMessage = "The registry database is temporarily unavailable. Please try again in a minute.";

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * Prisma's codes for a lost or unreachable server: P1001 cannot reach, P1002 reached but timed out,
 * P1008 timed out, P1017 server closed the connection, P2024 no pool connection in time, P2037
 * too many connections.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** Node's socket errors, as pg throws them and @prisma/adapter-pg passes them on. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** SQLSTATE: class 08 (connection exception), and the server shutting down or not yet accepting connections. */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;
/** The kinds @prisma/adapter-pg gives a DriverAdapterError's cause for socket failures. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/**
 * What pg and PGlite say without a code: a connection dropped under a query (Prisma rethrows pg's
 * error as it is, with this message), a pool that could not connect in time, a closed PGlite.
 */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|PGlite is clos(?:ed|ing)/;

/** How far down `cause` chains to look: Prisma wraps a DriverAdapterError, which wraps the pg error. */
const MAX_DEPTH = 6;

/**
 * The error a request failed with, as a DatabaseUnavailableError when it says the database cannot
 * be reached, else null. Adapters tell the person to try again in a minute (and log a warning,
 * once per request) instead of apologising for an unknown fault; anything else (a bug, a broken
 * constraint) gets null and stays a loud error.
 */
export function recogniseDatabaseUnavailable(error: unknown): DatabaseUnavailableError | null {
  if (error instanceof DatabaseUnavailableError) return error;
  const reason = findUnreachableReason(error);
  return reason === null
    ? null
    : new DatabaseUnavailableError(`the database cannot be reached: ${reason}`, { cause: error });
}

interface Inspected {
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly kind?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly meta?: { readonly driverAdapterError?: unknown };
}

/** The first sign of a lost connection in `error` or what it wraps, as a short reason; null if none. */
function findUnreachableReason(error: unknown): string | null {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0 && seen.size < MAX_DEPTH) {
    const node = pending.shift();
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    const inspected = node as Inspected;
    for (const code of [inspected.code, inspected.originalCode]) {
      if (typeof code !== "string") continue;
      if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code)) return code;
    }
    if (typeof inspected.kind === "string" && ADAPTER_KINDS.has(inspected.kind)) return inspected.kind;
    // Prisma may put its own "Invalid `prisma.x()` invocation" lines first: the matching line says it.
    const line =
      typeof inspected.message === "string"
        ? inspected.message.split("\n").find((text) => MESSAGES.test(text))
        : undefined;
    if (line) return line.trim().slice(0, 200);
    pending.push(inspected.cause, inspected.meta?.driverAdapterError);
  }
  return null;
}
