import { defineBuildConfig } from '../../tsup.shared';

// The config-file readers and the signing hashes are entries of their own: `#config-file` and `#digest`
// (package.json "imports") pick one per runtime, so their `node:` imports never reach a browser or worker bundle.
// `#xml-parser` likewise: Node has fast-xml-parser from the start, other runtimes import it when a body is XML.
export default defineBuildConfig(
  {
    index: 'src/index.ts',
    'kit/index': 'src/kit/index.ts',
    'kit/testing/index': 'src/kit/testing/index.ts',
    'config-file-node': 'src/transport/config-file-node.ts',
    'config-file-web': 'src/transport/config-file-web.ts',
    'digest-node': 'src/transport/digest-node.ts',
    'digest-web': 'src/transport/digest-web.ts',
    'xml-loader-node': 'src/transport/xml-loader-node.ts',
    'xml-loader-web': 'src/transport/xml-loader-web.ts',
  },
  { external: [/^node:/, '#config-file', '#digest', '#xml-parser'] },
);
