/** An error the emulator answers with: HTTP status, service code and message, as the real gateway does. */
export class EmulatorApiError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The service's error `Code`. */
  readonly code: string;
  /** Extra response headers (e.g. `x-acs-retry-after`). */
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'EmulatorApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** `Missing{Name}` 400: a required API parameter is absent (gateway style, protocol.md §5.3). */
export function missingParameter(name: string): EmulatorApiError {
  return new EmulatorApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

/** `MissingParameter` 400: a required common parameter (Action, Version, AccessKeyId, ...) is absent. */
export function missingCommonParameter(name: string): EmulatorApiError {
  return new EmulatorApiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** `InvalidParameter` 400 with a message naming the parameter and the rule. */
export function invalidParameter(name: string, rule: string): EmulatorApiError {
  return new EmulatorApiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid: ${rule}.`);
}

/** 403 `InvalidParam.PageNumber` / `InvalidParam.PageSize` (seed 003 error table). */
export function invalidPaging(name: 'PageNumber' | 'PageSize' | 'MaxResults'): EmulatorApiError {
  return new EmulatorApiError(403, `InvalidParam.${name}`, 'The specified parameter is invalid.');
}

/** 400 `RegionId.ApiNotSupported` (seed 003). */
export function regionNotSupported(region: string): EmulatorApiError {
  return new EmulatorApiError(400, 'RegionId.ApiNotSupported', `The api is not supported in this region: ${region}.`);
}

/** 404 `InvalidApi.NotFound` (gateway table, protocol.md §5.3). */
export function apiNotFound(): EmulatorApiError {
  return new EmulatorApiError(404, 'InvalidApi.NotFound', 'Specified api is not found,please check your url and method.');
}

/** 404 `InvalidInvokeId.NotFound`: no invocation with that id in this region. */
export function invokeIdNotFound(invokeId: string): EmulatorApiError {
  return new EmulatorApiError(404, 'InvalidInvokeId.NotFound', `The specified InvokeId does not exist: ${invokeId}.`);
}
