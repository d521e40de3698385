/**
 * Finds the token error a credential's hook threw in what n8n's request helper threw. n8n wraps a
 * hook's error in a NodeApiError: on the 2.x line the hook's error stays in `cause`; on the 1.x
 * line (n8n-workflow 1.120 resets `cause`) only its message survives, so each token error is also
 * remembered here by its message for a while. Process state, like the rotation memory: hooks and
 * transports run in the same n8n process.
 */
import { findInCauseChain } from '../helpers/causes';
import { redactTokens } from '../helpers/messages';

/** Enough for the failures of concurrent executions; the oldest is forgotten first. */
const MAX_REMEMBERED = 50;

const remembered = new Map<string, Error>();

/** Called by each token error as it is made (its message holds no secret). */
export function rememberTokenError(error: Error): void {
	remembered.delete(error.message);
	remembered.set(error.message, error);
	if (remembered.size > MAX_REMEMBERED) {
		const oldest = remembered.keys().next().value;
		if (oldest !== undefined) remembered.delete(oldest);
	}
}

/**
 * The token error behind `thrown`: along its `cause` chain, or else the remembered one whose
 * message the wrapper kept (as its message, or among the earlier messages n8n lists).
 */
export function findTokenError<E extends Error>(
	thrown: unknown,
	isTokenError: (candidate: unknown) => candidate is E,
): E | undefined {
	const inChain = findInCauseChain(thrown, (candidate) =>
		isTokenError(candidate) ? candidate : undefined,
	);
	if (inChain || !(thrown instanceof Error)) return inChain;
	const earlier = (thrown as { messages?: unknown }).messages;
	const messages = [thrown.message, ...(Array.isArray(earlier) ? earlier : [])];
	for (const message of messages) {
		const error = typeof message === 'string' ? remembered.get(message) : undefined;
		if (error && isTokenError(error)) return error;
	}
	return undefined;
}

const NO_ANSWER = "TikTok's token service did not answer";

/**
 * A token request that got no answer (the connection failed or dropped), as the credential's hook
 * throws it: its message says so, which is all n8n 1.x keeps, so the transport can tell that the
 * call itself was never sent. The original error stays in `cause` (read on n8n 2.x).
 */
export function tokenRequestWithoutAnswer(error: unknown): Error {
	const reason = redactTokens(error instanceof Error ? error.message : String(error));
	return new Error(`${NO_ANSWER} (${reason})`, { cause: error });
}

/** Whether `thrown` is (or wraps, on any n8n line) a token request that got no answer. */
export function isTokenRequestWithoutAnswer(thrown: unknown): boolean {
	const found = findInCauseChain(thrown, (candidate) => {
		if (!(candidate instanceof Error)) return undefined;
		const earlier = (candidate as { messages?: unknown }).messages;
		const messages = [candidate.message, ...(Array.isArray(earlier) ? earlier : [])];
		return messages.some((message) => typeof message === 'string' && message.startsWith(NO_ANSWER))
			? true
			: undefined;
	});
	return found === true;
}
