/**
 * Reading settings out of a resolved linked service. The engine evaluates expressions and reveals
 * secrets before a store sees them; these readers still accept ADF's `{type: 'SecureString', value}`
 * (a value that reached us unrevealed) and refuse anything else with `LINKED_SERVICE_INVALID` naming
 * the property, never its value.
 */
import { SluiceError, type ResolvedLinkedService } from '@sluice/engine';

/** A string property, or undefined when absent or empty. */
export function stringSetting(linkedService: ResolvedLinkedService, key: string): string | undefined {
  const value = linkedService.typeProperties[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.type === 'string' && v.type.toLowerCase() === 'securestring' && typeof v.value === 'string') return v.value;
  }
  throw invalidSetting(linkedService, key, 'must be a string (a secret reference should have been resolved by the engine)');
}

/** A required string property. */
export function requiredSetting(linkedService: ResolvedLinkedService, key: string): string {
  const value = stringSetting(linkedService, key);
  if (value === undefined) throw invalidSetting(linkedService, key, 'is required');
  return value;
}

/** A boolean property (ADF writes some as strings `"true"`). */
export function booleanSetting(linkedService: ResolvedLinkedService, key: string): boolean | undefined {
  const value = linkedService.typeProperties[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidSetting(linkedService, key, 'must be true or false');
}

/** `LINKED_SERVICE_INVALID` naming the linked service and the property. */
export function invalidSetting(linkedService: ResolvedLinkedService, key: string, why: string): SluiceError {
  return new SluiceError('LINKED_SERVICE_INVALID', `Linked service '${linkedService.name}' (${linkedService.type}): '${key}' ${why}.`, {
    pointer: `/properties/typeProperties/${key}`,
  });
}

/** Throws the signal's reason (or an AbortError) when it is aborted: the one way stores stop on cancel. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** The error to throw for an aborted signal: its reason when it is an Error, else a DOM-style AbortError. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}
