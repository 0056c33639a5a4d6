import { startEmulator } from '@invocations/emulator';
import { populateEcs, officialListAll } from './src/emulator-data.js';
const emulator = await startEmulator({ port: 0, seed: 1 });
populateEcs(emulator, 10000);
const t = performance.now(); const ids = await officialListAll(emulator); console.log(ids.length, (performance.now()-t)/1000);
await emulator.close();
