import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { FakeSlackApi, SlackApiCall } from "../test/support/fake-slack-api.js";
import { signatureHeaders, slashCommand } from "../test/support/slack-requests.js";
import { percentile } from "./percentile.js";

/** A question and a word its answer must contain (the city's name as the registry spells it). */
export interface Question {
  readonly text: string;
  readonly answerMentions: string;
}

export interface ClosedLoopOptions {
  /** Apps' base URLs; requests go to them in turn, as a round-robin load balancer sends them. */
  readonly targets: readonly string[];
  /** Virtual users, each with one command in flight at a time. */
  readonly concurrency: number;
  readonly warmUpSeconds: number;
  readonly seconds: number;
  /** Pause between an answer and the same user's next command; 0 for a pure closed loop. */
  readonly thinkMs: number;
  readonly questions: readonly Question[];
  /** Tells runs apart in response_url ids and user ids. */
  readonly runId: string;
}

export interface ClosedLoopFigures {
  /** Answer latency, from sending the command to its answer arriving on the response_url (ms). */
  readonly p50: number;
  readonly p99: number;
  readonly ackP99: number;
  /** Answers that arrived during the measured seconds, per second. */
  readonly answersPerSecond: number;
  readonly answers: number;
  /** Answers over the whole run, warm-up included (what the CPU counted over the run was spent on). */
  readonly answersInRun: number;
  /** Non-200 acks, failed requests, answers that never came or did not answer the question. */
  readonly errors: number;
}

/** How long a virtual user waits for an answer before counting it as an error and asking again. */
const ANSWER_WITHIN_MS = 30_000;
/** The fake records every call; the bench forgets them, or a long run would search ever more. */
const FORGET_CALLS_OVER = 1_000;

/**
 * A closed loop of `concurrency` virtual users: each sends a signed `/iap …` with a user and
 * channel id of its own (many different people: no rate limit or per-channel cache sees anyone
 * twice), waits for the answer on its response_url at the fake, and sends the next at once.
 * Samples started during the warm-up are not counted.
 */
export async function runClosedLoop(api: FakeSlackApi, options: ClosedLoopOptions): Promise<ClosedLoopFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const answerSamples: number[] = [];
  const ackSamples: number[] = [];
  let errors = 0;
  let answersInRun = 0;
  let answersInWindow = 0;
  let sequence = 0;
  const started = performance.now();
  const measureFrom = started + options.warmUpSeconds * 1000;
  const endAt = measureFrom + options.seconds * 1000;

  const askOnce = async () => {
    const id = `${options.runId}-${sequence++}`;
    const target = options.targets[sequence % options.targets.length]!;
    const question = options.questions[sequence % options.questions.length]!;
    if (api.calls.length > FORGET_CALLS_OVER) api.calls.length = 0; // every waiter below is registered before its request leaves
    const { body, contentType } = slashCommand(question.text, {
      responseUrl: api.responseUrl(id),
      user: `UBENCH${sequence}`,
      channel: `CBENCH${sequence}`,
    });
    const answered = waitForAnswer(api, id);
    const start = performance.now();
    const counted = start >= measureFrom;
    try {
      const status = await post(agent, `${target}/slack/events`, body, {
        "content-type": contentType,
        ...signatureHeaders(body),
      });
      const acked = performance.now();
      if (status !== 200) throw new Error(`ack ${status}`);
      const answer = await answered.call;
      const done = performance.now();
      if (!JSON.stringify(answer.body).includes(question.answerMentions)) throw new Error("not the answer");
      answersInRun += 1;
      if (done >= measureFrom && done < endAt) answersInWindow += 1;
      if (counted) {
        ackSamples.push(acked - start);
        answerSamples.push(done - start);
      }
    } catch {
      answered.cancel();
      if (counted) errors += 1;
    }
  };
  // With a pause, users start spread over one pause and pause 0.5–1.5× as long, or they would all
  // ask at the same moment, again and again: a burst test, not that many people at work.
  const pause = () => sleep(options.thinkMs * (0.5 + Math.random()));
  const virtualUser = async (index: number) => {
    if (options.thinkMs > 0) await sleep((options.thinkMs * index) / options.concurrency);
    while (performance.now() < endAt) {
      await askOnce();
      if (options.thinkMs > 0) await pause();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => virtualUser(index)));
  agent.destroy();
  answerSamples.sort((a, b) => a - b);
  ackSamples.sort((a, b) => a - b);
  return {
    p50: percentile(answerSamples, 50),
    p99: percentile(answerSamples, 99),
    ackP99: percentile(ackSamples, 99),
    answersPerSecond: answersInWindow / options.seconds,
    answers: answerSamples.length,
    answersInRun,
    errors,
  };
}

/** The answer posted to the response_url `id`, or a rejection after ANSWER_WITHIN_MS. */
function waitForAnswer(api: FakeSlackApi, id: string): { call: Promise<SlackApiCall>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = Promise.race([
    api.waitFor((candidate) => candidate.responseId === id),
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error("no answer")), ANSWER_WITHIN_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  call.catch(() => undefined); // awaited only after the ack; a rejection before then is not unhandled
  return { call, cancel: () => clearTimeout(timer) };
}

/** One POST over the keep-alive agent; resolves with the status once the response has been read. */
function post(agent: Agent, url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
