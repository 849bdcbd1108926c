// Imported first: the shared schemas use zod, whose speed-up compiles code with `new Function`,
// which the webview's CSP forbids. Jitless mode never tries.
import { z } from 'zod';

z.config({ jitless: true });
