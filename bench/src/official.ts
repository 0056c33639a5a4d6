// The official SDKs' response step, reproduced exactly: openapi-core's callApi reads the body with
// `$dara.Stream.readAsJSON` (JSON.parse of the text) and returns `{ headers, statusCode, body }`; the
// generated client then runs `$dara.cast(thatObject, new DescribeInvocationsResponse({}))`, which
// walks the model classes' names()/types() tables. Both SDKs are CommonJS without `exports`, and
// `@darabonba/typescript` is only their dependency, so it is loaded from beside them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type ModelClass = new (map: Record<string, unknown>) => object;
type Cast = (value: unknown, target: object) => object;

interface OfficialStep {
  /** JSON.parse + `$dara.cast` into the SDK's `DescribeInvocationsResponse`, as `describeInvocations` does. */
  decode(text: string): object;
}

function loadStep(sdkPackage: string): OfficialStep {
  const sdkEntry = require.resolve(sdkPackage);
  const sdk = require(sdkPackage) as { DescribeInvocationsResponse: ModelClass };
  const dara = createRequire(sdkEntry)('@darabonba/typescript') as { cast: Cast };
  const headers = { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E' };
  return {
    decode(text: string) {
      return dara.cast({ headers, statusCode: 200, body: JSON.parse(text) }, new sdk.DescribeInvocationsResponse({}));
    },
  };
}

/** `@alicloud/ecs20140526` 7.11.6's response step. */
export const officialEcs: OfficialStep = loadStep('@alicloud/ecs20140526');
/** `@alicloud/swas-open20200601` 4.0.0's response step. */
export const officialSwas: OfficialStep = loadStep('@alicloud/swas-open20200601');
