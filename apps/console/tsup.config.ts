import { defineBuildConfig } from '../../tsup.shared';

// The server only (Node); Vite builds the client into dist/client after this (tsup cleans dist first).
export default defineBuildConfig({ index: 'src/index.ts', bin: 'src/bin.ts' }, { platform: 'node' });
