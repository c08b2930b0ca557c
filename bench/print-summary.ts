import type { TickRow } from "./reminder-tick.js";
import { isTargetRow, REPLICA_TARGETS, type ReplicaFigures, type ReplicaRow } from "./replicas.js";

/** The scheduler's target (issue 5), restated beside the tick in the summary. */
const TICK_TARGET_MS = 2_000;

const ms = (value: number) => (Number.isNaN(value) ? "—" : `${value.toFixed(0)} ms`);
const verdict = (met: boolean) => (met ? "met" : "NOT met");

/**
 * The figures issue 6 asks for, together at the end of a full `npm run bench`: answer latency on
 * one and two replicas beside the bare Bolt baseline, the scheduler tick, and peak memory per process.
 */
export function printSummary(
  replicas: ReplicaFigures,
  ticks: { readonly agreements: number; readonly rows: readonly TickRow[] },
): void {
  console.log("\n=== summary (issue 6) ===\n");
  console.log("answer latency, signed /iap status <city> → answer on the response_url (closed loop), p50 / p99:");
  const bare = (row: ReplicaRow) =>
    replicas.rows.find(
      (other) =>
        other.app === "bare Bolt" &&
        other.replicas === row.replicas &&
        other.concurrency === row.concurrency &&
        other.thinkMs === row.thinkMs,
    );
  const pause = (row: ReplicaRow) => (row.thinkMs > 0 ? `, pause ${(row.thinkMs / 1000).toFixed(0)} s` : "");
  for (const row of replicas.rows.filter((candidate) => candidate.app === "iap-bot")) {
    const floor = bare(row);
    console.log(
      `  iap-bot ×${row.replicas} at ${String(row.concurrency).padStart(3)} concurrent${pause(row)}: ${ms(row.p50).padStart(8)} / ${ms(row.p99).padStart(8)}, ${row.answersPerSecond.toFixed(0).padStart(5)} answers/s` +
        (floor
          ? `   (bare Bolt: ${ms(floor.p50)} / ${ms(floor.p99)}, ${floor.answersPerSecond.toFixed(0)} answers/s)`
          : ""),
    );
  }
  const target = replicas.rows.find(isTargetRow);
  if (target) {
    console.log(
      `  target p99 < ${REPLICA_TARGETS.p99Ms} ms at ${REPLICA_TARGETS.atConcurrency} concurrent on ${REPLICA_TARGETS.onReplicas} replicas: ${ms(target.p99)}, ${verdict(target.p99 < REPLICA_TARGETS.p99Ms)}`,
    );
  }
  const paced = replicas.rows.find(
    (row) =>
      row.app === "iap-bot" &&
      row.thinkMs > 0 &&
      row.replicas === REPLICA_TARGETS.onReplicas &&
      row.concurrency === REPLICA_TARGETS.atConcurrency,
  );
  if (paced && paced !== target) {
    console.log(
      `  the same ${REPLICA_TARGETS.atConcurrency} people each pausing ${(paced.thinkMs / 1000).toFixed(0)} s between questions, on ${REPLICA_TARGETS.onReplicas} replicas: p99 ${ms(paced.p99)}, ${verdict(paced.p99 < REPLICA_TARGETS.p99Ms)}`,
    );
  }
  console.log(`\nscheduler tick at ${ticks.agreements.toLocaleString()} agreements (PostgreSQL):`);
  for (const row of ticks.rows) console.log(`  ${row.what}: ${ms(row.ms)}`);
  const slowest = Math.max(...ticks.rows.map((row) => row.ms));
  console.log(
    `  target under ${TICK_TARGET_MS / 1000} s: slowest ${ms(slowest)}, ${verdict(slowest < TICK_TARGET_MS)}`,
  );
  console.log(`\npeak RSS per process (VmHWM), target under ${REPLICA_TARGETS.rssMb} MB:`);
  for (const entry of replicas.memory) {
    console.log(
      `  ${entry.name.padEnd(20)} ${`${entry.peakMb.toFixed(0)} MB`.padStart(7)}  ${verdict(entry.peakMb < REPLICA_TARGETS.rssMb)}`,
    );
  }
  console.log(
    `  (the tick ran inside the bench process, after the other parts: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB peak there, not a replica's figure)`,
  );
}
