import { defineBuildConfig } from '../../tsup.shared';

// Node-only: the embedded store lives in a directory and the server driver opens sockets.
export default defineBuildConfig({ index: 'src/index.ts' }, { platform: 'node' });
