/**
 * One refresh at a time per refresh token, and a short memory of rotations, for both TikTok token
 * protocols (auth/developersToken.ts, auth/businessToken.ts). Why: docs/architecture.md, "Token rotation".
 */
import { createHash } from 'crypto';

/** A one-way, short fingerprint: lets code compare tokens without holding or logging them. */
export function fingerprint(secret: string): string {
	return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** The app a token request is made for: its client key (or app ID) and its secret. */
export interface RotationApp {
	id: string;
	secret: string;
}

export interface RotationGateOptions<T> {
	/** The refresh token a successful answer hands out (to follow chains r1 → r2 → r3). */
	nextSecret: (answer: T) => string | undefined;
	/** How long a rotation is remembered. */
	memoryMs?: number;
	/** The most rotations remembered at once. */
	memoryMax?: number;
}

export class RotationGate<T> {
	private readonly inFlight = new Map<string, Promise<T>>();

	/** Fingerprint of (app, app secret fingerprint, used grant) → the answer it got, oldest first. */
	private readonly memory = new Map<string, { at: number; answer: T }>();

	private readonly memoryMs: number;

	private readonly memoryMax: number;

	constructor(private readonly options: RotationGateOptions<T>) {
		this.memoryMs = options.memoryMs ?? 10 * 60 * 1000;
		this.memoryMax = options.memoryMax ?? 500;
	}

	/**
	 * Runs `exchange` unless the same grant was already exchanged recently for the same app and
	 * app secret (then the newest remembered answer is returned) or is being exchanged right now
	 * (then its result is shared). `grant` is the refresh token or code used.
	 */
	async run(app: RotationApp, grant: string, exchange: () => Promise<T>): Promise<T> {
		// Only a fingerprint of the app secret is kept, inside the (hashed) key.
		const scope = `${app.id}\u0000${fingerprint(app.secret)}`;
		const remembered = this.newest(scope, grant);
		if (remembered) return remembered;

		const key = this.key(scope, grant);
		const pending = this.inFlight.get(key);
		if (pending) return await pending;

		const request = exchange()
			.then((answer) => {
				this.remember(key, answer);
				return answer;
			})
			.finally(() => this.inFlight.delete(key));
		this.inFlight.set(key, request);
		return await request;
	}

	private key(scope: string, secret: string): string {
		return fingerprint(`${scope}\u0000${secret}`);
	}

	private remember(key: string, answer: T): void {
		const now = Date.now();
		for (const [k, v] of this.memory) {
			if (now - v.at > this.memoryMs || this.memory.size >= this.memoryMax) this.memory.delete(k);
			else break; // Map keeps insertion order: the rest are newer.
		}
		this.memory.set(key, { at: now, answer });
	}

	/** Follows remembered rotations r1 → r2 → r3 … to the newest answer, if any. */
	private newest(scope: string, secret: string): T | undefined {
		let found: T | undefined;
		let key = this.key(scope, secret);
		for (let hops = 0; hops < 50; hops++) {
			const entry = this.memory.get(key);
			if (!entry || Date.now() - entry.at > this.memoryMs) break;
			found = entry.answer;
			const next = this.options.nextSecret(entry.answer);
			if (!next) break;
			key = this.key(scope, next);
		}
		return found;
	}
}
