/**
 * Test fixture: a fake TikTok intercepted at the socket level, an "n8n process", and helpers to
 * store TikTok credentials in the shapes n8n persists them.
 */
import { FakeTikTok } from '../fake/tiktok.mts';
import { interceptWithNock, serveOnLoopback } from '../fake/serve.mts';
import { CredentialStore } from './credentials.mts';
import { N8nInstance, startN8n } from './engine.mts';

export { storeConnectedOAuth2, storeRefreshTokenCredential } from './stored-credentials.mts';

export interface TikTokTestEnv {
	fake: FakeTikTok;
	store: CredentialStore;
	n8n: N8nInstance;
	/** Base URL of the loopback server playing TikTok's upload host. */
	uploadHost: string;
	stop: () => Promise<void>;
}

export async function createTikTokTestEnv(): Promise<TikTokTestEnv> {
	const fake = new FakeTikTok();
	const stopNock = interceptWithNock(fake);
	const uploads = await serveOnLoopback((req, body) => {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
		return fake.posts.handleUpload(req.method ?? 'GET', new URL(req.url ?? '/', uploads.url), headers, body);
	});
	fake.posts.uploadBaseUrl = `${uploads.url}/`;
	const store = new CredentialStore();
	const n8n = await startN8n(store);
	return {
		fake,
		store,
		n8n,
		uploadHost: uploads.url,
		stop: async () => {
			stopNock();
			await uploads.close();
		},
	};
}
