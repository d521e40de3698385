/**
 * Runs in vitest's main process before the bench worker starts, so the worker inherits the
 * environment: a throwaway CA that only the worker trusts (NODE_EXTRA_CA_CERTS is read once, at
 * process start) for the fake TikTok API it reaches through a local proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeEmulatorCerts } from '../e2e/certs.mts';

export default function setup(): () => void {
	const dir = mkdtempSync(join(tmpdir(), 'tiktok-bench-tls-'));
	const certs = makeEmulatorCerts(dir, ['open.tiktokapis.com']);
	process.env.NODE_EXTRA_CA_CERTS = certs.caFile;
	process.env.TIKTOK_BENCH_TLS_DIR = dir;
	return () => rmSync(dir, { recursive: true, force: true });
}
