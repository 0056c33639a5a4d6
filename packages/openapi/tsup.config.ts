import { defineBuildConfig } from '../../tsup.shared';

// Keep 'node:fs/promises' as written: browsers' bundlers then know it is Node-only (it is loaded lazily).
export default defineBuildConfig({ index: 'src/index.ts' }, { removeNodeProtocol: false });
