import { defineBuildConfig } from '../../tsup.shared';

// The config-file readers are entries of their own: `#config-file` (package.json "imports") picks one
// per runtime, so the Node reader's `node:` imports never reach a browser or worker bundle.
export default defineBuildConfig(
  {
    index: 'src/index.ts',
    'kit/index': 'src/kit/index.ts',
    'kit/testing/index': 'src/kit/testing/index.ts',
    'config-file-node': 'src/transport/config-file-node.ts',
    'config-file-web': 'src/transport/config-file-web.ts',
  },
  { external: [/^node:/, '#config-file'] },
);
