import { defineBuildConfig } from '../../tsup.shared';

export default defineBuildConfig({ index: 'src/index.ts', bin: 'src/bin.ts' }, { platform: 'node' });
