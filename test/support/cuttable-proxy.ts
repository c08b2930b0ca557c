import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that a test can cut: `cut()` drops every open connection and
 * refuses new ones, as a database server going away does; `stall()` drops them and then accepts
 * new ones but never answers, as a network silently losing packets does; `restore()` lets
 * connections through again.
 */
export class CuttableProxy {
  readonly #sockets = new Set<Socket>();
  #open = true;
  #stalled = false;

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined;
    const server = createServer((client) => {
      if (proxy?.isStalled()) {
        proxy.track(client); // held open, unanswered, until cut, restored or stopped
        return;
      }
      if (!proxy?.isOpen()) {
        client.destroy();
        return;
      }
      const upstream = createConnection(target);
      proxy.track(client);
      proxy.track(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", end);
      upstream.on("error", end);
      client.on("close", end);
      upstream.on("close", end);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    proxy = new CuttableProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  /** A proxy in front of the PostgreSQL server at `url`, and `url` pointing through it. */
  static async inFrontOf(url: string): Promise<{ proxy: CuttableProxy; url: string }> {
    const upstream = new URL(url);
    const proxy = await CuttableProxy.start({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    const through = new URL(url);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    return { proxy, url: through.toString() };
  }

  isOpen(): boolean {
    return this.#open;
  }

  isStalled(): boolean {
    return this.#stalled;
  }

  track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
  }

  cut(): void {
    this.#open = false;
    this.#stalled = false;
    for (const socket of this.#sockets) socket.destroy();
  }

  stall(): void {
    this.cut();
    this.#stalled = true;
  }

  restore(): void {
    for (const socket of this.#sockets) if (this.#stalled) socket.destroy();
    this.#stalled = false;
    this.#open = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
