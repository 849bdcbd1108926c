// Fixture for the end-to-end quick-fix check: stored settings text is revived with eval.
// Rampart reports rampart.js.code-injection.eval-audit on line 7 and offers the fix
// "Replace eval with JSON.parse"; the check applies it (in a temp copy) and the finding goes away.
import { readSettings } from './settingsStore.js';

const settingsJson = readSettings();
const settings = eval(settingsJson);

export default settings;
