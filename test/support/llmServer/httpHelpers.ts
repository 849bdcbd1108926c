// Small HTTP helpers of the LLM test server: pauses that end when the client leaves, cuts, bodies, headers.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Waits, but stops early when the client goes away; never keeps the process alive. */
export function pause(ms: number, res: ServerResponse): Promise<void> {
	return new Promise<void>((resolve) => {
		const timer = setTimeout(done, ms);
		timer.unref();
		res.once('close', done);
		function done() {
			clearTimeout(timer);
			res.off('close', done);
			resolve();
		}
	});
}

/**
 * Cuts the connection. When content was sent, waits a moment first: a client's body stream drops
 * chunks it has not read yet when the connection errors, so an immediate cut could hide them.
 * Tests that need the exact moment use `server.cut(index)` instead.
 */
export async function cutSoon(res: ServerResponse, piecesSent: number): Promise<void> {
	if (piecesSent > 0) {
		await pause(50, res);
	}
	res.socket?.destroy();
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let size = 0;
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > 16 * 1024 * 1024) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) {
			out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
		}
	}
	return out;
}

export function presentedKey(headers: Record<string, string>): string {
	const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
	return bearer?.[1] ?? headers['x-api-key'] ?? headers['api-key'] ?? '';
}
