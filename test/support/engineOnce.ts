import { SecurityEngine } from '../../language-server/src/engine/securityEngine';

let engine: Promise<SecurityEngine> | undefined;

/** One engine per test process: grammars and combined queries are loaded once. */
export function sharedEngine(): Promise<SecurityEngine> {
	engine ??= SecurityEngine.create();
	return engine;
}
