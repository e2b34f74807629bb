export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeInfo } from './codes.js';
export { SluiceError, isSluiceError, type ErrorLocation, type SluiceErrorData } from './sluice-error.js';
