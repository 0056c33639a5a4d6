import { defineBuildConfig } from '../../tsup.shared';

export default defineBuildConfig({ index: 'src/index.ts' });
