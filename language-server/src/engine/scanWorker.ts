// Worker thread of a parallel scan (bundled as dist/scanWorker.js): one engine per worker,
// files arrive in chunks, scanned files go back as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFiles, type ScanOptions } from './scanFiles';
import { SecurityEngine } from './securityEngine';

export interface ScanWorkerRequest {
	readonly files: readonly string[];
}

const options = workerData as ScanOptions;
const engine = SecurityEngine.create();

parentPort?.on('message', (request: ScanWorkerRequest) => {
	engine
		.then((e) => scanFiles(e, request.files, { ...options, onProgress: undefined, baseline: undefined }))
		.then((report) => parentPort?.postMessage({ files: report.files, bytes: report.stats.bytes }))
		.catch((error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }));
});
