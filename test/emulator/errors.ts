/** The API's error shape and the error the emulator's handlers throw to answer with it. */

export interface ApiErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
  [extra: string]: unknown;
}

/** Thrown by handlers; the server answers `status` with `{ error }` (or `body` when given, e.g. Azure's shape). */
export class EmulatorError extends Error {
  readonly status: number;
  readonly error: ApiErrorObject;
  readonly headers: Record<string, string>;
  /** A body other than `{ error }`, for Azure's `{ error: { code, message } }`. */
  readonly body: unknown;

  constructor(status: number, error: ApiErrorObject, headers: Record<string, string> = {}, body?: unknown) {
    super(error.message);
    this.status = status;
    this.error = error;
    this.headers = headers;
    this.body = body ?? { error };
  }
}

const invalidRequest = (status: number, message: string, param: string | null, code: string | null): EmulatorError =>
  new EmulatorError(status, { message, type: 'invalid_request_error', param, code });

/** Formats `'a', 'b', and 'c'` the way the API lists supported values. */
export function listValues(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

export const invalidValue = (param: string, message: string): EmulatorError =>
  invalidRequest(400, message, param, 'invalid_value');

export const unsupportedValue = (param: string, value: string, supported: readonly string[]): EmulatorError =>
  invalidValue(param, `Invalid value: '${value}'. Supported values are: ${listValues(supported)}.`);

export const unknownParameter = (param: string): EmulatorError =>
  invalidRequest(400, `Unknown parameter: '${param}'.`, param, 'unknown_parameter');

export const missingParameter = (param: string): EmulatorError =>
  invalidRequest(400, `Missing required parameter: '${param}'.`, param, 'missing_required_parameter');

export const invalidType = (param: string, expected: string, got: string): EmulatorError =>
  invalidRequest(
    400,
    `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`,
    param,
    'invalid_type',
  );

export const integerAboveMax = (param: string, max: number, got: number): EmulatorError =>
  invalidRequest(
    400,
    `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${got} instead.`,
    param,
    'integer_above_max_value',
  );

export const integerBelowMin = (param: string, min: number, got: number): EmulatorError =>
  invalidRequest(
    400,
    `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${got} instead.`,
    param,
    'integer_below_min_value',
  );

export const emptyString = (param: string): EmulatorError =>
  invalidRequest(
    400,
    `Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
    param,
    'empty_string',
  );

export const stringTooLong = (param: string, max: number, got: number): EmulatorError =>
  invalidRequest(
    400,
    `Invalid '${param}': string too long. ` +
      `Expected a string with maximum length ${max}, but got a string with length ${got} instead.`,
    param,
    'string_above_max_length',
  );

export const arrayTooLong = (param: string, max: number, got: number): EmulatorError =>
  invalidRequest(
    400,
    `Invalid '${param}': array too long. ` +
      `Expected an array with maximum length ${max}, but got an array with length ${got} instead.`,
    param,
    'array_above_max_length',
  );

export const invalidJson = (): EmulatorError =>
  invalidRequest(
    400,
    'We could not parse the JSON body of your request. ' +
      "(HINT: This likely means you aren't using your HTTP library correctly. " +
      'The OpenAI API expects a JSON payload, but what was sent was not valid JSON. ' +
      'If you have trouble figuring out how to fix this, ' +
      'please contact us through our help center at help.openai.com.)',
    null,
    null,
  );

export const invalidContentType = (expected: string, got: string): EmulatorError =>
  invalidRequest(
    400,
    `Invalid Content-Type header (${got || 'none'}), expected ${expected}.`,
    null,
    'invalid_content_type',
  );

export const modelNotFound = (model: string): EmulatorError =>
  invalidRequest(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    null,
    'model_not_found',
  );

export const invalidUrl = (method: string, path: string): EmulatorError =>
  invalidRequest(404, `Invalid URL (${method} ${path})`, null, null);

export const missingApiKey = (): EmulatorError =>
  invalidRequest(
    401,
    "You didn't provide an API key. " +
      'You need to provide your API key in an Authorization header using Bearer auth ' +
      '(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) ' +
      "if you're accessing the API from your browser and are prompted for a username and password. " +
      'You can obtain an API key from https://platform.openai.com/account/api-keys.',
    null,
    null,
  );

export const incorrectApiKey = (maskedKey: string): EmulatorError =>
  invalidRequest(
    401,
    `Incorrect API key provided: ${maskedKey}. ` +
      'You can find your API key at https://platform.openai.com/account/api-keys.',
    null,
    'invalid_api_key',
  );

export const moderationBlocked = (requestId: string, categories: readonly string[]): EmulatorError =>
  new EmulatorError(400, {
    message:
      'Your request was rejected by the safety system. ' +
      `If you believe this is an error, contact us at help.openai.com and include the request ID ${requestId}.`,
    type: 'image_generation_user_error',
    param: null,
    code: 'moderation_blocked',
    moderation_details: { categories: [...categories] },
  });

export const rateLimitMessage = (
  model: string,
  organization: string,
  limit: number,
  used: number,
  requested: number,
  retryIn: string,
): string =>
  `Rate limit reached for ${model} in organization ${organization} on images per minute (IPM): ` +
  `Limit ${limit}, Used ${used}, Requested ${requested}. Please try again in ${retryIn}. ` +
  'Visit https://platform.openai.com/account/rate-limits to learn more.';

export const rateLimited = (message: string, headers: Record<string, string>): EmulatorError =>
  new EmulatorError(429, { message, type: 'requests', param: null, code: 'rate_limit_exceeded' }, headers);

export const insufficientQuotaError = (): ApiErrorObject => ({
  message:
    'You exceeded your current quota, please check your plan and billing details. ' +
    'For more information on this error, read the docs: ' +
    'https://platform.openai.com/docs/guides/error-codes/api-errors.',
  type: 'insufficient_quota',
  param: null,
  code: 'insufficient_quota',
});

export const organizationNotVerifiedError = (model: string): ApiErrorObject => ({
  message:
    `Your organization must be verified to use the model \`${model}\`. ` +
    'Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. ' +
    'If you just verified, it can take up to 15 minutes for access to propagate.',
  type: 'invalid_request_error',
  param: null,
  code: null,
});

export const serverErrorObject = (): ApiErrorObject => ({
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
  param: null,
  code: 'server_error',
});

export const serviceUnavailableObject = (): ApiErrorObject => ({
  message: 'The server is overloaded or not ready yet.',
  type: 'server_error',
  param: null,
  code: null,
});

/** Azure OpenAI answers with `{ error: { code, message } }`, without `type`/`param`. */
export function azureError(status: number, code: string, message: string): EmulatorError {
  return new EmulatorError(
    status,
    { message, type: 'azure_error', param: null, code },
    {},
    { error: { code, message } },
  );
}

export const azureResourceNotFound = (): EmulatorError => azureError(404, '404', 'Resource not found');
export const azureApiVersionUnsupported = (): EmulatorError =>
  azureError(400, 'BadRequest', 'API version not supported');
export const azureAccessDenied = (): EmulatorError =>
  azureError(
    401,
    '401',
    'Access denied due to invalid subscription key or wrong API endpoint. ' +
      'Make sure to provide a valid key for an active subscription and use a correct regional API endpoint ' +
      'for your resource.',
  );
export const azureDeploymentNotFound = (): EmulatorError =>
  azureError(
    404,
    'DeploymentNotFound',
    'The API deployment for this resource does not exist. ' +
      'If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  );
