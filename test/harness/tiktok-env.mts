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
	// The loopback server plays TikTok's upload host (chunks stream; nock would buffer them): the
	// fake is made once its URL is known, and the server hands it every request.
	const uploads = await serveOnLoopback(
		async (request) => await fake.handle(request),
		(request, bytesSoFar) => fake.posts.uploadBytesArriving?.(request.headers, bytesSoFar),
	);
	const fake = new FakeTikTok({ uploadBaseUrl: `${uploads.url}/` });
	const stopNock = interceptWithNock(fake);
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
