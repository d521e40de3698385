/**
 * The n8n editor as users see it: headless Chromium (Debian's `chromium`, driven by playwright-core)
 * signs in to a running n8n, clicks through the demo's workflow, the TikTok node's parameter panel,
 * the credential dialog and the AI Agent's tool picker, takes PNG screenshots (the README's, with
 * `npm run screenshots`) and records everything that looks like an error: error toasts, uncaught page
 * errors, console errors, parameter issue markers.
 *
 * The browser reaches 127.0.0.1 only: every other request is aborted (and listed), its background
 * networking is off, and its profile is a fresh folder that is deleted on close.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TIKTOK_E2E_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const STEP_TIMEOUT_MS = 60_000;

export interface EditorProblem {
	phase: string;
	kind: 'pageerror' | 'console' | 'toast' | 'blocked';
	text: string;
}

export interface Shot {
	file: string;
	what: string;
}

export class EditorBrowser {
	readonly problems: EditorProblem[] = [];

	readonly shots: Shot[] = [];

	/** What the browser is doing now; problems are attributed to it. */
	phase = 'launch';

	private signedIn = false;

	/** Dropdown clicks that had to be repeated because the panel shifted under the first one. */
	dropdownReclicks = 0;

	private constructor(
		private readonly context: BrowserContext,
		private readonly page: Page,
		private readonly baseUrl: string,
		private readonly outDir: string,
		private readonly profileDir: string,
		private readonly scratchDir: string,
	) {}

	static async launch(options: {
		baseUrl: string;
		outDir: string;
		scratchDir: string;
	}): Promise<EditorBrowser> {
		if (!existsSync(CHROMIUM)) {
			throw new Error(
				`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); scripts/e2e.sh does it when it can`,
			);
		}
		mkdirSync(options.outDir, { recursive: true });
		mkdirSync(options.scratchDir, { recursive: true });
		const profileDir = mkdtempSync(join(options.scratchDir, 'chromium-profile-'));
		// launchPersistentContext passes --user-data-dir (the fresh folder) itself, and --headless.
		const context = await chromium.launchPersistentContext(profileDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				// Belt and braces next to the request filter below: no name resolves but loopback.
				'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
			],
			viewport: VIEWPORT,
			timeout: STEP_TIMEOUT_MS,
		});
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
		// TIKTOK_E2E_CPU_THROTTLE=4 slows the page's CPU fourfold, to try the editor steps the way a
		// slow CI machine runs them (their waits must not depend on timing).
		const throttle = Number(process.env.TIKTOK_E2E_CPU_THROTTLE ?? 1);
		if (throttle > 1)
			await (
				await context.newCDPSession(page)
			).send('Emulation.setCPUThrottlingRate', { rate: throttle });
		const browser = new EditorBrowser(
			context,
			page,
			options.baseUrl,
			options.outDir,
			profileDir,
			options.scratchDir,
		);
		await context.route('**/*', async (route) => {
			const url = new URL(route.request().url());
			if (
				['127.0.0.1', 'localhost'].includes(url.hostname) ||
				['data:', 'blob:'].includes(url.protocol)
			)
				return await route.continue();
			browser.problems.push({
				phase: browser.phase,
				kind: 'blocked',
				text: `${route.request().method()} ${url.origin}${url.pathname}`,
			});
			return await route.abort('blockedbyclient');
		});
		page.on('pageerror', (error) =>
			browser.problems.push({ phase: browser.phase, kind: 'pageerror', text: error.message }),
		);
		page.on('console', (message) => {
			// Before signing in, the editor's session probe answers 401 by design.
			if (message.type() === 'error' && browser.signedIn)
				browser.problems.push({ phase: browser.phase, kind: 'console', text: message.text() });
		});
		// Leaving a page with unsaved changes asks "leave?": yes (nothing here is meant to be saved).
		page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
		return browser;
	}

	/** On failure: a picture of the screen next to the logs (not in docs/), named in the error. */
	async failureShot(name: string): Promise<string> {
		const file = join(this.scratchDir, `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
		await this.page.screenshot({ path: file }).catch(() => undefined);
		return file;
	}

	problemsIn(
		phase: string,
		kinds: Array<EditorProblem['kind']> = ['pageerror', 'console', 'toast'],
	): EditorProblem[] {
		return this.problems.filter((p) => p.phase === phase && kinds.includes(p.kind));
	}

	private async shot(name: string, what: string): Promise<string> {
		const file = join(this.outDir, name);
		// No hover effects in the picture; let transitions (toasts, panels opening) settle.
		await this.page.mouse.move(VIEWPORT.width - 4, VIEWPORT.height - 4);
		await this.page.waitForTimeout(600);
		await this.page.screenshot({ path: file });
		this.shots.push({ file, what });
		return file;
	}

	/** Error toasts on screen now (n8n shows failures as element-plus notifications). */
	private async errorToasts(): Promise<string[]> {
		const toasts = this.page.locator('.el-notification');
		const out: string[] = [];
		for (let i = 0; i < (await toasts.count()); i++) {
			const toast = toasts.nth(i);
			if ((await toast.locator('.el-notification--error').count()) > 0)
				out.push((await toast.innerText()).replace(/\s+/g, ' ').trim());
		}
		for (const text of out)
			if (!this.problems.some((p) => p.kind === 'toast' && p.text === text))
				this.problems.push({ phase: this.phase, kind: 'toast', text });
		return out;
	}

	private async toastTexts(): Promise<string[]> {
		return (await this.page.locator('.el-notification').allInnerTexts()).map((t) =>
			t.replace(/\s+/g, ' ').trim(),
		);
	}

	async signIn(email: string, password: string): Promise<string> {
		this.phase = 'sign in';
		await this.page.goto(`${this.baseUrl}/signin`, { waitUntil: 'networkidle' });
		await this.page.fill('#emailOrLdapLoginId', email);
		await this.page.fill('#password', password);
		await this.page.click('[data-test-id="form-submit-button"]');
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		this.signedIn = true;
		return new URL(this.page.url()).pathname;
	}

	/** Opens the workflow, clicks "Execute workflow", waits for every node to turn green. */
	async executeWorkflow(
		workflowId: string,
		nodeCount: number,
		file: string,
	): Promise<{ ms: number; toasts: string[] }> {
		this.phase = 'workflow canvas';
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`, { waitUntil: 'networkidle' });
		await this.page
			.locator('[data-test-id="canvas-node"]')
			.nth(nodeCount - 1)
			.waitFor();
		const t0 = Date.now();
		await this.page.click('[data-test-id="execute-workflow-button"]');
		const deadline = Date.now() + STEP_TIMEOUT_MS;
		while (
			(await this.page.locator('[data-test-id="canvas-node-status-success"]').count()) < nodeCount
		) {
			if ((await this.errorToasts()).length || Date.now() > deadline) break;
			await this.page.waitForTimeout(250);
		}
		const ms = Date.now() - t0;
		const green = await this.page.locator('[data-test-id="canvas-node-status-success"]').count();
		await this.page
			.locator('.el-notification')
			.first()
			.waitFor({ timeout: 5000 })
			.catch(() => undefined);
		await this.shot(file, 'the demo workflow after clicking "Execute workflow"');
		const errors = await this.errorToasts();
		if (green < nodeCount)
			throw new Error(
				`${green} of ${nodeCount} nodes turned green within ${STEP_TIMEOUT_MS / 1000} s${errors.length ? `; error toast: ${errors.join(' | ')}` : ''}`,
			);
		return { ms, toasts: await this.toastTexts() };
	}

	/** The text each node shows on the open canvas: its name and its subtitle. */
	async canvasNodeTexts(): Promise<string[]> {
		return (await this.page.locator('[data-test-id="canvas-node"]').allInnerTexts()).map((text) =>
			text.replace(/\s+/g, ' ').trim(),
		);
	}

	/** Double-clicks a node on the open canvas: its parameter panel (NDV) with the last run's output. */
	async openNode(nodeName: string, file: string, what: string): Promise<PanelView> {
		this.phase = `panel ${nodeName}`;
		await this.page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: nodeName })
			.first()
			.dblclick();
		await this.page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]').waitFor();
		await this.page.waitForLoadState('networkidle');
		await this.outputAsJson();
		await this.shot(file, what);
		return await this.panelView();
	}

	/** What the open panel shows: parameter values by name, notices, issue markers, the output. */
	async panelView(): Promise<PanelView> {
		const ndv = this.page.locator('[data-test-id="ndv"]');
		const parameters: Record<string, string> = {};
		for (const input of await ndv
			.locator('[data-test-id="node-parameters"] [data-test-id^="parameter-input-"]')
			.all()) {
			const name = ((await input.getAttribute('data-test-id')) ?? '').replace(
				/^parameter-input-/,
				'',
			);
			if (!name || ['field', 'item'].includes(name) || name in parameters) continue;
			const field = input.locator('input:not([type="checkbox"]), textarea').first();
			const checkbox = input.locator('input[type="checkbox"]').first();
			if (await field.count()) parameters[name] = await field.inputValue().catch(() => '');
			else if (await checkbox.count())
				parameters[name] = String(await checkbox.isChecked().catch(() => ''));
			else parameters[name] = (await input.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
		}
		const labels = (
			await ndv
				.locator(
					'[data-test-id="node-parameters"] [data-test-id="input-label"] label, [data-test-id="node-parameters"] [data-test-id="credentials-label"]',
				)
				.allInnerTexts()
		)
			.map((t) =>
				t
					.replace(/\s+/g, ' ')
					.replace(/ Fixed Expression$/, '')
					.trim(),
			)
			.filter(Boolean);
		const notices = (
			await ndv
				.locator(
					'[data-test-id="node-parameters"] .notice, [data-test-id="node-parameters"] [class*="notice"]',
				)
				.allInnerTexts()
		)
			.map((t) => t.replace(/\s+/g, ' ').trim())
			.filter(Boolean);
		const issues = await ndv.locator('[data-test-id="parameter-issues"]').count();
		const credential = await ndv
			.locator('[data-test-id="node-credentials-select"] input')
			.first()
			.inputValue()
			.catch(() => '');
		const output = (
			await ndv
				.locator('[data-test-id="output-panel"]')
				.first()
				.innerText()
				.catch(() => '')
		)
			.replace(/\s+/g, ' ')
			.slice(0, 600);
		return {
			parameters,
			labels: [...new Set(labels)],
			notices: [...new Set(notices)],
			issues,
			credential,
			output,
			errorToasts: await this.errorToasts(),
		};
	}

	/** Shows the output panel as JSON (easier to read in a screenshot than narrow table columns). */
	async outputAsJson(): Promise<void> {
		await this.page
			.locator('[data-test-id="output-panel"] [data-test-id="radio-button-json"]')
			.first()
			.click()
			.catch(() => undefined);
	}

	/**
	 * Opens the dropdown of parameter `name` and returns its options. The options are looked up in
	 * the list the input names in `aria-controls`: a dropdown closed a moment ago keeps its items
	 * visible while it fades out, and a page-wide lookup could read those instead.
	 */
	private async openOptions(name: string) {
		const input = this.page
			.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"] input`)
			.first();
		// The panel can still shift as it re-renders after the previous choice (parameters appear,
		// hints load), so a click can land on the neighbouring dropdown: click until this one says
		// it is open.
		for (let attempt = 1; ; attempt++) {
			await this.page.waitForLoadState('networkidle');
			await input.click();
			if (await this.expanded(input, true, 3000)) break;
			if (attempt === 4)
				throw new Error(`the dropdown of parameter "${name}" did not open after ${attempt} clicks`);
			this.dropdownReclicks++;
			// (Not Escape: with no dropdown open it would close the whole panel.)
			await this.page.waitForTimeout(500);
		}
		const listId = await input.getAttribute('aria-controls');
		const list = listId ? this.page.locator(`[id="${listId}"]`) : undefined;
		const scoped =
			list &&
			(await list
				.waitFor({ state: 'attached', timeout: 5000 })
				.then(() => true)
				.catch(() => false));
		const options = (scoped ? list : this.page).locator(
			'.el-select-dropdown__item:visible, [role="option"]:visible',
		);
		return { input, options };
	}

	/** Waits up to `ms` for the dropdown of `input` to say it is open (or closed); true if it did. */
	private async expanded(input: Locator, open: boolean, ms: number): Promise<boolean> {
		for (const deadline = Date.now() + ms; ; ) {
			if (((await input.getAttribute('aria-expanded').catch(() => null)) === 'true') === open)
				return true;
			if (Date.now() > deadline) return false;
			await this.page.waitForTimeout(100);
		}
	}

	/** Waits until the dropdown of `input` says it is closed, and for its list to finish fading out. */
	private async waitClosed(input: Locator): Promise<void> {
		await this.expanded(input, false, 5000);
		await this.page.waitForTimeout(400);
	}

	/** In the open panel, picks `option` in the dropdown of parameter `name`. */
	async choose(name: string, option: string): Promise<void> {
		const { input, options } = await this.openOptions(name);
		await options.filter({ hasText: option }).first().click();
		await this.waitClosed(input);
		await this.page.waitForLoadState('networkidle');
	}

	/**
	 * Opens the dropdown of parameter `name` (options loaded from TikTok) and returns what it offers
	 * once `ready` accepts them (or what it shows after 15 s, for the assertion to report).
	 */
	async openDropdown(
		name: string,
		file: string,
		what: string,
		ready: (options: string[]) => boolean = (o) => o.length > 0,
	): Promise<string[]> {
		const { input, options } = await this.openOptions(name);
		let texts: string[] = [];
		for (const deadline = Date.now() + 15_000; ; ) {
			texts = (await options.allInnerTexts().catch(() => [] as string[]))
				.map((t) => t.replace(/\s+/g, ' ').trim())
				.filter(Boolean);
			if (ready(texts) || Date.now() > deadline) break;
			await this.page.waitForTimeout(250);
		}
		await this.page.waitForLoadState('networkidle');
		await this.shot(file, what);
		await this.page.keyboard.press('Escape');
		await this.waitClosed(input);
		return texts;
	}

	async closePanel(): Promise<void> {
		await this.page.click('[data-test-id="ndv-close-button"]').catch(() => undefined);
	}

	/** The credential's dialog, as Overview > Credentials > (name) opens it. */
	async credentialDialog(
		credentialId: string,
		file: string,
	): Promise<{
		connected: boolean;
		redirectUrl: string;
		labels: string[];
		title: string;
		errorToasts: string[];
	}> {
		this.phase = 'credential dialog';
		await this.page.goto(`${this.baseUrl}/home/credentials/${credentialId}`, {
			waitUntil: 'networkidle',
		});
		const modal = this.page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor();
		const connected = await modal
			.locator('[data-test-id="oauth-connect-success-banner"]')
			.waitFor({ timeout: 10_000 })
			.then(() => true)
			.catch(() => false);
		await this.shot(file, "the demo credential's dialog (Overview > Credentials)");
		const labels = (
			await modal.locator('[data-test-id="credential-edit-dialog"] label').allInnerTexts()
		)
			.map((t) =>
				t
					.replace(/\s+/g, ' ')
					.replace(/ Fixed Expression$/, '')
					.trim(),
			)
			.filter(Boolean);
		const redirectUrl = await modal
			.locator('[data-test-id="copy-input"]')
			.first()
			.innerText()
			.catch(() => '');
		const title = await modal
			.locator('[data-test-id="credential-name"]')
			.first()
			.innerText()
			.catch(() => '');
		return {
			connected,
			redirectUrl: redirectUrl.trim(),
			labels,
			title: title.trim(),
			errorToasts: await this.errorToasts(),
		};
	}

	/**
	 * An AI Agent's "Tool" connector: the picker n8n opens, searched for "TikTok", then the TikTok
	 * tool added to the agent (its panel opens). Returns the picker's items and the tool panel.
	 */
	async agentToolPicker(
		workflowId: string,
		pickerFile: string,
		panelFile: string,
	): Promise<{ items: string[]; panel: PanelView }> {
		this.phase = 'agent tool picker';
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`, { waitUntil: 'networkidle' });
		await this.page.locator('[data-test-id="canvas-node"]').first().waitFor();
		// The plus under the agent's "Tool" connector opens the node creator on its "Tools" list. n8n
		// 2.41 sometimes opens its generic "Other AI Nodes" list instead (a race in the editor, also by
		// hand): close it and click again.
		const plus = this.page
			.locator(
				'[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]',
			)
			.first();
		const header = this.page.locator('[data-test-id="nodes-list-header"]').first();
		let opened = '';
		for (let attempt = 1; attempt <= 5; attempt++) {
			await plus.click();
			await header.waitFor();
			// The creator slides its views in: typing before it settles lands in another view's search.
			await this.page.waitForTimeout(1000);
			opened = (await header.innerText()).split('\n')[0].trim();
			if (opened === 'Tools') break;
			await this.page.keyboard.press('Escape');
			await this.page.waitForTimeout(500);
		}
		if (opened !== 'Tools')
			throw new Error(`the Tool connector opened "${opened}", not the "Tools" list, 5 times`);
		await this.page.keyboard.type('TikTok');
		const items = this.page.locator('[data-test-id="node-creator-item-name"]');
		await items.filter({ hasText: 'TikTok' }).first().waitFor();
		const names = (await items.allInnerTexts()).map((t) => t.trim());
		await this.shot(pickerFile, "an AI Agent's Tool connector offers the TikTok node");
		this.phase = 'agent tool panel';
		await items.filter({ hasText: 'TikTok Tool' }).first().click();
		await this.page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]').waitFor();
		await this.page.waitForLoadState('networkidle');
		await this.choose('resource', 'Post');
		await this.choose('operation', 'Create Video Post');
		await this.shot(
			panelFile,
			'the TikTok tool added to an AI Agent, set to Post > Create Video Post',
		);
		return { items: names, panel: await this.panelView() };
	}

	/**
	 * The Connect credential's Scopes list: scrolled into view and opened, so the picture shows the
	 * choices with what each unlocks. Returns the offered scopes, the ticked ones and the notice.
	 */
	async credentialScopes(
		credentialId: string,
		file: string,
	): Promise<{ offered: string[]; ticked: string[]; notices: string[] }> {
		this.phase = 'credential scopes';
		await this.page.goto(`${this.baseUrl}/home/credentials/${credentialId}`, {
			waitUntil: 'networkidle',
		});
		const modal = this.page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor();
		const field = modal.locator('[data-test-id="parameter-input-scopes"]').first();
		await field.scrollIntoViewIfNeeded();
		const ticked = (await field.locator('.el-tag, .el-select__tags-text').allInnerTexts())
			.map((t) => t.trim())
			.filter(Boolean);
		const notices = (await modal.locator('[class*="notice"]').allInnerTexts())
			.map((t) => t.replace(/\s+/g, ' ').trim())
			.filter(Boolean);
		const input = field.locator('input').first();
		await input.click();
		await this.expanded(input, true, 3000);
		const listId = await input.getAttribute('aria-controls');
		const list = listId ? this.page.locator(`[id="${listId}"]`) : this.page;
		const options = list.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
		await options.first().waitFor();
		const offered = (await options.allInnerTexts())
			.map((t) => t.replace(/\s+/g, ' ').trim())
			.filter(Boolean);
		await this.shot(file, "the Connect credential's Scopes list, opened");
		await this.page.keyboard.press('Escape');
		return { offered, ticked: [...new Set(ticked)], notices: [...new Set(notices)] };
	}

	async close(): Promise<void> {
		await this.context.close().catch(() => undefined);
		rmSync(this.profileDir, { recursive: true, force: true });
	}
}

export interface PanelView {
	/** Value shown per parameter name (options show their label, toggles true/false). */
	parameters: Record<string, string>;
	labels: string[];
	notices: string[];
	issues: number;
	credential: string;
	output: string;
	errorToasts: string[];
}
