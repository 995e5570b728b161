/**
 * A loopback TCP proxy that a test can break: Parley connects to PostgreSQL through it, and the test
 * drops every connection and refuses new ones (as a restarting server does), or accepts connections
 * and never answers on them (as a dead host behind a firewall does), then lets traffic through again.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'stall' | 'freeze';

export interface TcpProxy {
  port: number;
  /** Connections that went through since the proxy started. */
  connections(): number;
  /**
   * pass: forward; refuse: drop every open connection and refuse new ones; stall: drop them, accept new
   * ones and say nothing; freeze: keep every connection open but stop answering on it (queries hang in flight).
   */
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let mode: ProxyMode = 'pass';
  let count = 0;
  const onConnection = (client: Socket) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'stall') return;
    count++;
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    upstream.once('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.add({ client, upstream });
    upstream.once('close', () => {
      for (const p of pairs) if (p.upstream === upstream) pairs.delete(p);
    });
  };
  let server: Server | undefined;
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => {
        server = s;
        const address = s.address();
        resolve(typeof address === 'object' && address ? address.port : p);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
    });
  const dropAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  const bound = await listen(port);
  return {
    port: bound,
    connections: () => count,
    async set(next) {
      if (next === 'freeze') {
        for (const { upstream, client } of pairs) {
          upstream.unpipe(client);
          upstream.pause();
        }
        mode = 'stall';
        return;
      }
      if (next !== 'pass') dropAll();
      if (next === 'refuse') await stopListening();
      else if (!server) await listen(bound);
      mode = next;
    },
    async close() {
      dropAll();
      await stopListening();
    },
  };
}
