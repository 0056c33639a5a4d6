import { defineBuildConfig } from '../../tsup.shared';

export default defineBuildConfig({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' });
