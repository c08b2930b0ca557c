import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const tsx = path.join(root, "node_modules", ".bin", "tsx");
const run = promisify(execFile);

/** Runs `iap <args>` as `npm run iap` does, in its own process; resolves with exit code and output. */
export function cli(args: string[], env: Record<string, string>) {
  return run(tsx, ["adapters/console/cli.ts", ...args], { cwd: root, env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** The node flags and entry `npm start` runs after building (the last command of its script). */
export async function npmStartCommand(): Promise<{ nodeArgs: string[]; entry: string }> {
  const manifest = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const [command, ...args] = (manifest.scripts.start.split("&&").at(-1) ?? "").trim().split(/\s+/);
  const entry = args.pop();
  if (command !== "node" || entry === undefined) throw new Error(`npm start is not "… && node [flags] <entry>"`);
  return { nodeArgs: args, entry };
}
