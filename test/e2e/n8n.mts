/**
 * A real n8n process for the end-to-end suite: start, wait until ready, stop, restart on the same
 * user folder, and read its memory from /proc. Plus a small REST client that talks to n8n the way
 * its editor does (session cookie, `browser-id` header), and a parser for the flatted execution
 * data n8n's REST API returns.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';

import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

export interface N8nProcessOptions {
	/** Node 24 binary and n8n's bin/n8n (from .n8n-local). */
	node: string;
	bin: string;
	env: NodeJS.ProcessEnv;
	port: number;
	logFile: string;
	/** Called with the pid of every n8n started, for the shell trap's last-resort cleanup. */
	onPid?: (pid: number) => void;
}

export interface MemorySample {
	/** Resident set size now, and its peak since the last reset (kB, from /proc/<pid>/status). */
	rssKb: number;
	hwmKb: number;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

export class N8nProcess {
	private child?: ChildProcess;

	private exited?: Promise<void>;

	/** Set by dispose(): the suite is shutting down, so no new n8n may start (e.g. a restart racing the teardown). */
	private disposed = false;

	/** How long each start took until /healthz/readiness said ok. */
	readonly startupMs: number[] = [];

	constructor(private readonly options: N8nProcessOptions) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.options.port}`;
	}

	async start(): Promise<void> {
		if (this.disposed) throw new Error('n8n is shutting down');
		const started = Date.now();
		const log = openSync(this.options.logFile, 'a');
		writeFileSync(this.options.logFile, `\n===== n8n start ${new Date().toISOString()} =====\n`, {
			flag: 'a',
		});
		// Its own process group, so stop() also ends n8n's task-runner child.
		const child = spawn(this.options.node, [this.options.bin, 'start'], {
			env: this.options.env,
			detached: true,
			stdio: ['ignore', log, log],
		});
		closeSync(log);
		this.child = child;
		if (child.pid) this.options.onPid?.(child.pid);
		let exitCode: number | null | undefined;
		this.exited = new Promise((resolve) =>
			child.once('exit', (code) => {
				exitCode = code;
				resolve();
			}),
		);
		const deadline = Date.now() + READY_TIMEOUT_MS;
		for (;;) {
			if (exitCode !== undefined)
				throw new Error(
					`n8n exited during startup (code ${exitCode}). Log tail:\n${this.logTail()}`,
				);
			if (Date.now() > deadline)
				throw new Error(
					`n8n was not ready after ${READY_TIMEOUT_MS / 1000} s. Log tail:\n${this.logTail()}`,
				);
			try {
				const res = await axios.get(`${this.baseUrl}/healthz/readiness`, {
					proxy: false,
					timeout: 2000,
					validateStatus: () => true,
				});
				if (res.status === 200) break;
			} catch {
				// Not listening yet.
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		this.startupMs.push(Date.now() - started);
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		const group = -child.pid;
		try {
			process.kill(group, 'SIGTERM');
		} catch {
			return;
		}
		const stopped = await Promise.race([
			this.exited!.then(() => true),
			new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS)),
		]);
		if (!stopped) {
			try {
				process.kill(group, 'SIGKILL');
			} catch {
				// Gone meanwhile.
			}
			await this.exited;
		}
		// The task runner may outlive the main process by a moment; it is in the same group.
		try {
			process.kill(group, 'SIGKILL');
		} catch {
			// Already gone, as expected.
		}
	}

	/** Stops n8n for good. */
	async dispose(): Promise<void> {
		this.disposed = true;
		await this.stop();
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	/** Resets the peak-RSS counter (VmHWM) so the next reading covers only what follows. */
	resetPeakMemory(): boolean {
		try {
			writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
			return true;
		} catch {
			return false;
		}
	}

	memory(): MemorySample | undefined {
		try {
			const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
			const kb = (name: string) =>
				Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
			return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
		} catch {
			return undefined;
		}
	}

	logTail(lines = 40): string {
		try {
			return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '(no log)';
		}
	}
}

/** The major version of the n8n under test (scripts/e2e.sh passes TIKTOK_E2E_N8N_VERSION). */
export const N8N_MAJOR_VERSION = Number((process.env.TIKTOK_E2E_N8N_VERSION ?? '2').split('.')[0]);

/** n8n's REST answers `{ data: … }`; failures carry `{ message }`. */
export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		what: string,
	) {
		super(
			`${what}: HTTP ${status} ${typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300)}`,
		);
	}
}

/**
 * The editor's side of n8n's REST API. n8n ties the session cookie to a `browser-id` header
 * (hashed into the JWT at login), so every request sends the same one, as a browser tab does.
 */
export class N8nRest {
	private readonly cookies = new Map<string, string>();

	private readonly http: AxiosInstance;

	constructor(readonly baseUrl: string) {
		this.http = axios.create({
			baseURL: baseUrl,
			// The driver itself never goes through a proxy; only n8n is pointed at the emulator.
			proxy: false,
			maxRedirects: 0,
			timeout: 600_000,
			validateStatus: () => true,
			headers: { 'browser-id': 'tiktok-e2e-browser' },
		});
	}

	private remember(res: AxiosResponse): void {
		for (const line of (res.headers['set-cookie'] as string[] | undefined) ?? []) {
			const [pair] = line.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const value = pair.slice(at + 1).trim();
			if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	async request<T = unknown>(
		method: string,
		url: string,
		body?: unknown,
		what = `${method} ${url}`,
	): Promise<{ status: number; data: T; raw: AxiosResponse }> {
		const res = await this.http.request({
			method,
			url,
			data: body,
			headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
		});
		this.remember(res);
		return { status: res.status, data: res.data as T, raw: res };
	}

	/** A REST call that must succeed; returns the `data` member. */
	async call<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
		if (N8N_MAJOR_VERSION === 1) body = await this.asN8n1Expects(method, url, body);
		const res = await this.request<{ data: T }>(method, url, body);
		if (res.status >= 300) throw new N8nApiError(res.status, res.data, `${method} ${url}`);
		return res.data && typeof res.data === 'object' && 'data' in res.data
			? res.data.data
			: (res.data as T);
	}

	/** The body n8n 1.x's REST API wants where it differs from 2.x's (the suite speaks 2.x's). */
	private async asN8n1Expects(method: string, url: string, body: unknown): Promise<unknown> {
		if (method !== 'POST' || !body || typeof body !== 'object') return body;
		// A new workflow is stored only with its `active` flag (NOT NULL); 2.x derives it.
		if (url === '/rest/workflows' && !('active' in body)) return { ...body, active: false };
		// "Execute workflow" sends the whole workflow along, as 1.x's editor does.
		const run = /^\/rest\/workflows\/([^/]+)\/run$/.exec(url);
		if (run && !('workflowData' in body)) {
			const workflowData = await this.call('GET', `/rest/workflows/${run[1]}`);
			return { ...body, workflowData };
		}
		return body;
	}

	async setupOwner(email: string, password: string): Promise<void> {
		await this.untilMounted(
			async () =>
				await this.call('POST', '/rest/owner/setup', {
					email,
					firstName: 'E2E',
					lastName: 'Owner',
					password,
				}),
		);
	}

	async login(email: string, password: string): Promise<void> {
		this.cookies.clear();
		await this.untilMounted(
			async () => await this.call('POST', '/rest/login', { emailOrLdapLoginId: email, password }),
		);
	}

	/**
	 * n8n 1.x answers its health check before it mounts the REST routes: for a moment after a
	 * start they answer 404 (up to half a minute on a busy machine). Tries again on 404 for a minute.
	 */
	private async untilMounted<T>(request: () => Promise<T>): Promise<T> {
		const deadline = Date.now() + 60_000;
		for (;;) {
			try {
				return await request();
			} catch (error) {
				if (!(error instanceof N8nApiError && error.status === 404) || Date.now() > deadline)
					throw error;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}
}

/**
 * n8n stores and serves execution data with `flatted` (cycles allowed): a JSON array whose first
 * entry is the root, where every string inside an object or array is the index of another entry.
 */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const resolved = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		if (resolved.has(index)) return resolved.get(index);
		const raw = table[index];
		if (raw === null || typeof raw !== 'object') {
			resolved.set(index, raw);
			return raw;
		}
		const out: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		resolved.set(index, out);
		for (const [key, value] of Object.entries(raw)) {
			(out as Record<string, unknown>)[key] =
				typeof value === 'string' ? resolve(Number(value)) : value;
		}
		return out;
	};
	return resolve(0);
}
