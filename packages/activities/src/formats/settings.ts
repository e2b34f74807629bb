/**
 * Reading the format settings of a dataset (ADF's typeProperties, merged with the activity's
 * `formatSettings`): typed getters that name the setting when a value has the wrong type, and the
 * compression codec in either of ADF's shapes (`compressionCodec: 'gzip'` or `compression: {type}`).
 */
import { SluiceError } from '@sluice/engine';

/** Settings as the formats receive them. */
export type FormatSettings = Readonly<Record<string, unknown>>;

/** A string setting, or `fallback` when absent or null. */
export function stringSetting(settings: FormatSettings, name: string, fallback: string): string;
export function stringSetting(settings: FormatSettings, name: string): string | undefined;
export function stringSetting(settings: FormatSettings, name: string, fallback?: string): string | undefined {
  const value = settings[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new SluiceError('TYPE_PROPERTIES_INVALID', `Format setting '${name}' must be a string, got ${JSON.stringify(value)}.`, { pointer: `/typeProperties/${name}` });
  return value;
}

/** A boolean setting (also `"true"`/`"false"` as ADF's expressions may produce), or `fallback`. */
export function booleanSetting(settings: FormatSettings, name: string, fallback: boolean): boolean {
  const value = settings[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw new SluiceError('TYPE_PROPERTIES_INVALID', `Format setting '${name}' must be true or false, got ${JSON.stringify(value)}.`, { pointer: `/typeProperties/${name}` });
}

/**
 * The compression codec named by the settings, lower case (`none` when absent): `compressionCodec`
 * (DelimitedText, Parquet) or `compression.type` (Json, Binary).
 */
export function compressionSetting(settings: FormatSettings): string {
  const codec = settings.compressionCodec;
  if (typeof codec === 'string' && codec !== '') return codec.toLowerCase();
  const compression = settings.compression;
  if (compression && typeof compression === 'object' && !Array.isArray(compression)) {
    const type = (compression as Record<string, unknown>).type;
    if (typeof type === 'string' && type !== '') return type.toLowerCase();
  }
  return 'none';
}
