/**
 * `npm run demo`: a real local n8n with this package, pointed at the TikTok EMULATOR (never at
 * TikTok), with an owner account, a connected demo credential and the sample workflow, so a
 * newcomer can click through real executions without a TikTok app.
 *
 * Started by scripts/demo.sh (which installs n8n, wipes and fills the demo's own user folder) with:
 *   TIKTOK_DEMO_DIR      .n8n-local/demo (user folder, emulator certificates, logs, pid file)
 *   N8N_LOCAL_NODE       Node 24 binary;  N8N_LOCAL_N8N_BIN  n8n's bin/n8n
 *   N8N_USER_FOLDER      the demo's user folder (the package is already unpacked there)
 * Optional: TIKTOK_DEMO_PORT (5680), TIKTOK_DEMO_MAX_MINUTES (120), TIKTOK_DEMO_MEDIA_DIR.
 *
 * Isolation: the emulator runs inside this process; only the n8n child gets HTTPS_PROXY and
 * NODE_EXTRA_CA_CERTS (nothing is exported to the shell, nothing touches `npm start`'s user folder),
 * the emulator refuses every host but TikTok's and the demo media host, and everything listens on
 * 127.0.0.1. Ctrl-C, SIGTERM, n8n exiting, or the maximum lifetime stop n8n and the emulator.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

import { startEmulator, type RunningEmulator } from './emulator.mts';
import {
	DEMO_CREDENTIAL_NAME,
	DEMO_OWNER,
	DEMO_POST_NODE,
	DEMO_PROFILE_NODE,
	DEMO_WORKFLOW_NAME,
	demoMediaDir,
	setupDemo,
} from './demo-setup.mts';
import { N8nProcess, N8nRest } from './n8n.mts';

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value)
		throw new Error(`${name} is not set: start the demo with \`npm run demo\` (scripts/demo.sh)`);
	return value;
}

const DEMO_DIR = resolve(requiredEnv('TIKTOK_DEMO_DIR'));
const NODE24 = requiredEnv('N8N_LOCAL_NODE');
const N8N_BIN = requiredEnv('N8N_LOCAL_N8N_BIN');
const USER_FOLDER = resolve(requiredEnv('N8N_USER_FOLDER'));
const PORT = Number(process.env.TIKTOK_DEMO_PORT ?? 5680);
const MAX_MINUTES = Number(process.env.TIKTOK_DEMO_MAX_MINUTES ?? 120);
/** 127.0.0.1, not localhost: `npm start` uses localhost, so the two editors keep separate login cookies. */
const HOST = '127.0.0.1';
const EDITOR = `http://${HOST}:${PORT}`;
const PID_FILE = join(DEMO_DIR, 'pids');

const log = (message: string) => process.stderr.write(`[demo] ${message}\n`);

async function portIsFree(port: number): Promise<boolean> {
	const server = createServer();
	return await new Promise((resolve) => {
		server.once('error', () => resolve(false));
		server.listen(port, HOST, () => server.close(() => resolve(true)));
	});
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

function n8nEnv(emulator: RunningEmulator, brokerPort: number): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	// Whatever proxy the user's shell has, n8n gets the emulator's and nothing else.
	for (const name of [
		'http_proxy',
		'https_proxy',
		'all_proxy',
		'no_proxy',
		'ALL_PROXY',
		'N8N_EDITOR_BASE_URL',
		'WEBHOOK_URL',
	])
		delete env[name];
	return {
		...env,
		N8N_USER_FOLDER: USER_FOLDER,
		N8N_LISTEN_ADDRESS: HOST,
		N8N_HOST: HOST,
		N8N_PORT: String(PORT),
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Only this process reaches "TikTok", through the emulator's CONNECT proxy, trusting its CA.
		HTTPS_PROXY: emulator.proxyUrl,
		HTTP_PROXY: emulator.proxyUrl,
		NO_PROXY: `${HOST},localhost`,
		NODE_EXTRA_CA_CERTS: emulator.caFile,
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_LOG_LEVEL: 'info',
	};
}

let emulator: RunningEmulator | undefined;
let n8n: N8nProcess | undefined;
let stopping = false;

async function stop(code: number, why: string): Promise<void> {
	// A second signal (Ctrl-C reaches this process and scripts/demo.sh, which forwards it) changes nothing.
	if (stopping) return;
	stopping = true;
	log(`${why}: stopping n8n and the TikTok emulator`);
	await n8n?.dispose().catch(() => undefined);
	await emulator?.stop().catch(() => undefined);
	log(
		"stopped: the demo's n8n and the emulator are gone (npm start's n8n never used the emulator)",
	);
	process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
	process.on(signal, () => void stop(0, signal));

function banner(lines: string[]): string {
	const width = Math.max(...lines.map((l) => l.length)) + 4;
	const bar = '#'.repeat(width);
	return [bar, ...lines.map((l) => `# ${l.padEnd(width - 4)} #`), bar].join('\n');
}

async function main(): Promise<void> {
	mkdirSync(DEMO_DIR, { recursive: true });
	if (!(await portIsFree(PORT))) {
		throw new Error(
			`${HOST}:${PORT} is already in use (another \`npm run demo\`?). Stop it, or pick another port: TIKTOK_DEMO_PORT=5681 npm run demo`,
		);
	}
	const mediaDir = demoMediaDir();
	emulator = await startEmulator({
		stateDir: join(DEMO_DIR, 'emulator'),
		redirectUris: [`${EDITOR}/rest/oauth2-credential/callback`],
		mediaDir,
		draftsEndInInbox: true,
	});
	log(
		`TikTok emulator: CONNECT proxy ${emulator.proxyUrl}, control ${emulator.controlUrl}, media from ${mediaDir}`,
	);
	n8n = new N8nProcess({
		node: NODE24,
		bin: N8N_BIN,
		env: n8nEnv(emulator, await freePort()),
		port: PORT,
		logFile: join(DEMO_DIR, 'n8n.log'),
		onPid: (pid) => appendFileSync(PID_FILE, `n8n ${pid}\n`),
	});
	log(`starting n8n on ${EDITOR} (log: ${join(DEMO_DIR, 'n8n.log')})`);
	await n8n.start();
	log(`n8n ready in ${(n8n.startupMs[0] / 1000).toFixed(1)} s`);

	const rest = new N8nRest(n8n.baseUrl);
	await rest.call('POST', '/rest/owner/setup', DEMO_OWNER);
	const demo = await setupDemo(rest, emulator);
	log(
		`credential "${DEMO_CREDENTIAL_NAME}" connected through n8n's OAuth endpoints (redirect ${demo.redirectUri})`,
	);
	log(
		`sample workflow executed once: #${demo.firstRun.executionId} ${demo.firstRun.status} in ${(demo.firstRun.ms / 1000).toFixed(1)} s, post ${String(demo.firstRun.post.status)}, profile "${String(demo.firstRun.profile.display_name)}"`,
	);

	process.stdout.write(
		`\n${banner([
			'TikTok EMULATOR demo is running  —  NOT real TikTok',
			'',
			`Editor:     ${EDITOR}/workflow/${demo.workflowId}`,
			`Sign in:    ${DEMO_OWNER.email}`,
			`Password:   ${DEMO_OWNER.password}`,
			'',
			'What to click:',
			`  1. Sign in. The workflow "${DEMO_WORKFLOW_NAME.replace('TikTok EMULATOR demo: ', '')}" opens.`,
			'  2. Click "Execute workflow" (bottom of the canvas): both TikTok nodes turn green.',
			`  3. Double-click "${DEMO_POST_NODE}": the parameters left, the output right`,
			"     (publish_id, status SEND_TO_USER_INBOX = a draft in the creator's inbox).",
			`  4. Double-click "${DEMO_PROFILE_NODE}" for the emulator's "Demo Creator" profile.`,
			'  5. Try: Mode "Direct Post" (Privacy Level loads from the emulator), Video > Get Many,',
			"     or a Video URL to a missing file (the post fails with TikTok's advice).",
			'  6. Overview > Credentials > "TikTok (EMULATOR — not real TikTok)": already connected.',
			'     Do not click Reconnect: it would send your browser to the real tiktok.com.',
			'',
			`Everything listens on 127.0.0.1 only; stops on Ctrl-C or after ${MAX_MINUTES} min.`,
			'Next `npm run demo` starts from scratch (.n8n-local/demo is wiped).',
			'Real TikTok: use `npm start` (its own n8n on http://localhost:5678).',
		])}\n\n`,
	);

	setTimeout(
		() => void stop(0, `maximum lifetime of ${MAX_MINUTES} min reached (TIKTOK_DEMO_MAX_MINUTES)`),
		MAX_MINUTES * 60_000,
	).unref();
	// Keep running until a signal, the lifetime, or n8n itself exiting.
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, 2000));
		if (!stopping && n8n.memory() === undefined)
			await stop(1, `n8n exited unexpectedly (log: ${join(DEMO_DIR, 'n8n.log')})`);
	}
}

main().catch(async (error: Error) => {
	log(`FAILED: ${error.message}`);
	if (n8n) log(`n8n log tail:\n${n8n.logTail(30)}`);
	await stop(1, 'setup failed');
});
