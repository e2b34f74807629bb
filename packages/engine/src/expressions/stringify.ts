import { ExprBinary, ExprFloat, ExprXml, stringifyValue, type Value } from './values.js';

/**
 * Formats a float the way .NET's round-trip formatting does: shortest text that reads back the same,
 * with .NET's exponent form (`1E+21`, `1E-07`) where JavaScript would write `1e+21`, `1e-7`.
 */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const abs = Math.abs(n);
  // .NET switches to exponent form at 1E+15 and below 1E-04 (JavaScript only at 1e21 and 1e-7).
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) {
    const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(n.toExponential()) as RegExpExecArray;
    return `${m[1]}E${m[2]}${(m[3] as string).padStart(2, '0')}`;
  }
  return String(n);
}

/**
 * The text of a value when it is interpolated (`"@{…}"`) or passed to `string()`: strings as they are,
 * `True`/`False` for booleans (ADF's .NET heritage), numbers in invariant form, null as the empty string,
 * arrays and objects as compact JSON, XML as its text.
 */
export function valueToString(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatFloat(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof ExprFloat) return formatFloat(v.value);
  if (v instanceof ExprXml) return v.text;
  if (v instanceof ExprBinary) return v.toJSON();
  return stringifyValue(v);
}
