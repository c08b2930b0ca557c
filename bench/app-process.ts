import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSC = fileURLToPath(new URL("../node_modules/.bin/tsc", import.meta.url));
const READY_WITHIN_MS = 120_000;
const STOP_WITHIN_MS = 25_000;
/** Linux counts process CPU time in clock ticks of 1/100 s (USER_HZ) on every platform Node supports. */
const TICKS_PER_SECOND = 100;

/** An app the bench started as a child process, served on http://127.0.0.1:<port>. */
export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  /** Peak (VmHWM) and current (VmRSS) resident memory in MB, from /proc/<pid>/status. */
  readMemory(): Promise<{ readonly peakMb: number; readonly rssMb: number }>;
  /** User plus system CPU seconds the process has used so far. */
  readCpuSeconds(): Promise<number>;
  /** SIGTERM, then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

export interface StartAppOptions {
  readonly name: string;
  /**
   * An entry relative to the repository root: compiled JavaScript (see buildApps) runs as
   * `node <entry>`, as `npm start` runs the bot; a TypeScript file as `node --import tsx <entry>`.
   */
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  /** GET this path until it answers 200. */
  readonly readyPath: string;
  /** Extra flags for node, such as --cpu-prof to see where the time goes. */
  readonly nodeArgs?: readonly string[];
}

/** A TCP port nothing listens on right now (the child binds it a moment later). */
async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no TCP port to listen on");
  return address.port;
}

/**
 * Builds what the bench runs as plain Node processes: the bot with `npm run build` (what `npm start`
 * builds and runs), and the bare Bolt app into dist/bench the same way, so that neither carries
 * tsx's loader and memory the other does not.
 */
export async function buildApps(): Promise<void> {
  await run("npm", ["run", "build", "--silent"]);
  await run(TSC, [
    "--ignoreConfig",
    "--noCheck",
    "--module",
    "nodenext",
    "--target",
    "es2023",
    "--skipLibCheck",
    "--outDir",
    "dist/bench",
    "bench/bare-bolt-process.ts",
  ]);
}

async function run(command: string, args: readonly string[]): Promise<void> {
  await promisify(execFile)(command, args, { cwd: ROOT });
}

/**
 * Starts an entry as its own Node process, the way `npm start` runs the bot but without the npm
 * launcher in between, so /proc/<pid> measures the bot and not a wrapper (`node --import tsx`
 * does the same for a TypeScript entry). Its output goes to our stderr, prefixed.
 */
export async function startAppProcess(options: StartAppOptions): Promise<AppProcess> {
  const port = await findFreePort();
  const loader = options.entry.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, options.entry], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (text: string) => {
      for (const line of text.split("\n").filter(Boolean)) process.stderr.write(`[${options.name}] ${line}\n`);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    url,
    readMemory: () => readProcessMemory(child.pid ?? -1),
    readCpuSeconds: () => readProcessCpuSeconds(child.pid ?? -1),
    stop: () => stopProcess(child),
  };
  try {
    await waitUntilReady(child, `${url}${options.readyPath}`, options.name);
  } catch (error) {
    await app.stop();
    throw error;
  }
  return app;
}

async function waitUntilReady(child: ChildProcess, url: string, name: string): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${name} was not ready at ${url} within ${READY_WITHIN_MS / 1000} s`);
}

/** Peak (VmHWM) and current (VmRSS) resident memory of any process on this machine, in MB. */
export async function readProcessMemory(pid: number): Promise<{ peakMb: number; rssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { peakMb: kilobytes("VmHWM") / 1024, rssMb: kilobytes("VmRSS") / 1024 };
}

/** User plus system CPU seconds any process on this machine has used (a PostgreSQL backend, say). */
export async function readProcessCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces: utime is the
  // 14th field of the line, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_WITHIN_MS);
  await exited;
  clearTimeout(timer);
}
