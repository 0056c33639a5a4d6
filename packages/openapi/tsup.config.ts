import { defineBuildConfig } from '../../tsup.shared';

// The config-file readers, the signing hashes and the Base64 text decoders are entries of their own:
// `#config-file`, `#digest` and `#base64-text` (package.json "imports") pick one per runtime, so their
// `node:` imports never reach a browser or worker bundle.
// `#send` likewise: Node sends with node:http (send-node.ts), everything else with fetch (send-fetch.ts).
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
    'base64-text-node': 'src/kit/base64-text-node.ts',
    'base64-text-web': 'src/kit/base64-text-web.ts',
    'send-node': 'src/transport/send-node.ts',
    'send-fetch': 'src/transport/send-fetch.ts',
  },
  { external: [/^node:/, '#config-file', '#digest', '#xml-parser', '#base64-text', '#send'] },
);
