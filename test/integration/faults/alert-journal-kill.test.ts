import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, startCli, waitFor } from '../../helpers/cli.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';

/** Message-IDs queued and not done in the journal file: what a restart must still send. */
async function pendingInJournal(path: string): Promise<string[]> {
  const pending = new Set<string>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    let entry: { op: string; messageId?: string; mail?: { messageId: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // a torn last line: the kill came mid-append
    }
    if (entry.op === 'queued') pending.add(entry.mail!.messageId);
    else pending.delete(entry.messageId!);
  }
  return [...pending];
}

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('fault: riskwatch killed (kill -9) while its alert e-mails cannot be delivered', () => {
  it('sends every e-mail it had decided once it is restarted, each exactly once, under its Message-ID', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-kill-'));
    await cp(join(REPO_ROOT, 'alerts', 'examples', 'ticks.csv'), join(dir, 'ticks.csv'));
    await writeFile(join(dir, 'empty.csv'), 'symbol,ts,price,size,bid,ask,bidSize,askSize,exchange,seq\n');
    const config = (port: number): string => `alerts:\n  transport: { kind: smtp, host: 127.0.0.1, port: ${port} }\noutput: { console: false }\n`;

    // Run 1: the relay answers every message with 451 (try later), so nothing is delivered.
    const down = await startSmtpServer({ reject: () => ({ code: 451, message: 'Requested action aborted: try again later' }) });
    servers.push(down);
    await writeFile(join(dir, 'down.yaml'), config(down.port));
    const first = startCli(['replay', 'ticks.csv', '--config', 'down.yaml'], dir);
    await waitFor(() => down.transfers >= 2, 30_000, 'two refused transfers');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null); // killed, no clean shutdown

    const pending = await pendingInJournal(join(dir, '.riskwatch', 'alert-journal.jsonl'));
    // Everything the relay refused was journaled before it was tried, and is still pending.
    expect(pending.length).toBeGreaterThan(0);
    for (const id of down.transferMessageIds) expect(pending).toContain(id);

    // Run 2, on no new ticks: the relay accepts, and the journal's e-mails go out.
    const up = await startSmtpServer();
    servers.push(up);
    await writeFile(join(dir, 'up.yaml'), config(up.port));
    const second = await runCli(['replay', 'empty.csv', '--config', 'up.yaml'], dir);
    expect(second.code).toBe(0);
    expect([...up.transferMessageIds].sort()).toEqual([...pending].sort());
    expect(up.messages).toHaveLength(pending.length);
    expect(await pendingInJournal(join(dir, '.riskwatch', 'alert-journal.jsonl'))).toEqual([]);

    // Run 3, the same ticks again (a restart re-reading its input): decided again, not sent again.
    const third = await runCli(['replay', 'ticks.csv', '--config', 'up.yaml'], dir);
    expect(third.code).toBe(0);
    const resent = up.transferMessageIds.slice(pending.length).filter((id) => pending.includes(id));
    expect(resent).toEqual([]);
  }, 90_000);
});
