import type { CallSite } from '../context.js';

/**
 * Culture data for numbers (.NET's `NumberFormatInfo`), read from the platform's `Intl` so that it works
 * in Node and in the browser alike. `formatNumber` and `isFloat` take an RFC 4646 locale as .NET does;
 * the empty locale is .NET's invariant culture.
 */

/** Text around a formatted number: `prefix` + digits + `suffix` (a minus sign, when any, is part of them). */
export interface Affixes {
  readonly prefix: string;
  readonly suffix: string;
}

/** The number conventions of one culture. */
export interface NumberCulture {
  /** Canonical locale name, or '' for the invariant culture. */
  readonly name: string;
  readonly decimal: string;
  readonly group: string;
  /** Digits per group, from the decimal point leftwards; the last size repeats (`[3]`, or `[3, 2]` in India). */
  readonly groupSizes: readonly number[];
  readonly minus: string;
  readonly plus: string;
  readonly percentSymbol: string;
  readonly perMilleSymbol: string;
  readonly percent: { readonly positive: Affixes; readonly negative: Affixes };
  readonly currency: {
    readonly symbol: string;
    /** Default fraction digits of the culture's currency (`C` without precision). */
    readonly digits: number;
    readonly positive: Affixes;
    readonly negative: Affixes;
  };
  readonly nan: string;
  readonly positiveInfinity: string;
  readonly negativeInfinity: string;
}

/** .NET's invariant culture (`CultureInfo.InvariantCulture`). */
export const INVARIANT_CULTURE: NumberCulture = {
  name: '',
  decimal: '.',
  group: ',',
  groupSizes: [3],
  minus: '-',
  plus: '+',
  percentSymbol: '%',
  perMilleSymbol: '‰',
  percent: { positive: { prefix: '', suffix: ' %' }, negative: { prefix: '-', suffix: ' %' } },
  currency: { symbol: '¤', digits: 2, positive: { prefix: '¤', suffix: '' }, negative: { prefix: '(¤', suffix: ')' } },
  nan: 'NaN',
  positiveInfinity: 'Infinity',
  negativeInfinity: '-Infinity',
};

/**
 * The currency of each region, for `C` formats: `Intl` formats a currency but does not say which one a
 * locale uses. Regions missing here get the generic currency sign `¤`.
 */
const REGION_CURRENCY: ReadonlyMap<string, string> = new Map(
  (
    'US:USD GB:GBP IS:ISK JP:JPY CN:CNY IN:INR CA:CAD AU:AUD NZ:NZD CH:CHF LI:CHF SE:SEK NO:NOK DK:DKK FO:DKK ' +
    'GL:DKK PL:PLN CZ:CZK HU:HUF RO:RON BG:BGN RU:RUB UA:UAH BY:BYN TR:TRY IL:ILS SA:SAR AE:AED QA:QAR KW:KWD ' +
    'BH:BHD OM:OMR JO:JOD EG:EGP MA:MAD DZ:DZD TN:TND ZA:ZAR NG:NGN KE:KES BR:BRL MX:MXN AR:ARS CL:CLP CO:COP ' +
    'PE:PEN UY:UYU KR:KRW TW:TWD HK:HKD MO:MOP SG:SGD MY:MYR TH:THB ID:IDR PH:PHP VN:VND PK:PKR BD:BDT LK:LKR ' +
    'NP:NPR RS:RSD BA:BAM MK:MKD AL:ALL KZ:KZT GE:GEL AM:AMD AZ:AZN IR:IRR IQ:IQD EC:USD PR:USD SV:USD PA:PAB ' +
    'CR:CRC GT:GTQ DO:DOP MN:MNT ' +
    'AT:EUR BE:EUR CY:EUR DE:EUR EE:EUR ES:EUR FI:EUR FR:EUR GR:EUR HR:EUR IE:EUR IT:EUR LT:EUR LU:EUR LV:EUR ' +
    'MT:EUR NL:EUR PT:EUR SI:EUR SK:EUR AD:EUR MC:EUR SM:EUR VA:EUR ME:EUR XK:EUR'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const cache = new Map<string, NumberCulture>();

/**
 * The culture for a locale name, or fails the call when the name is not a valid RFC 4646 tag or the
 * platform has no data for it. `''` is the invariant culture.
 */
export function resolveCulture(locale: string, call: CallSite): NumberCulture {
  if (locale === '') return INVARIANT_CULTURE;
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0];
  } catch {
    canonical = undefined;
  }
  if (canonical === undefined || Intl.NumberFormat.supportedLocalesOf([canonical]).length === 0) {
    return call.fail(`The template language function '${call.name}' was given the locale '${locale}', which is not valid or has no associated culture.`, 'EXPRESSION_EVALUATION');
  }
  let culture = cache.get(canonical);
  if (!culture) {
    culture = cultureFromIntl(canonical);
    cache.set(canonical, culture);
  }
  return culture;
}

const NUMERIC_PARTS = new Set(['integer', 'group', 'decimal', 'fraction']);

/** Splits a formatted sample into the text before and after its digits. */
function affixes(parts: readonly Intl.NumberFormatPart[]): Affixes {
  const first = parts.findIndex((p) => NUMERIC_PARTS.has(p.type));
  let last = -1;
  parts.forEach((p, i) => {
    if (NUMERIC_PARTS.has(p.type)) last = i;
  });
  const join = (ps: readonly Intl.NumberFormatPart[]): string => ps.map((p) => p.value).join('');
  return { prefix: join(parts.slice(0, first)), suffix: join(parts.slice(last + 1)) };
}

function partValue(parts: readonly Intl.NumberFormatPart[], type: string, fallback: string): string {
  return parts.find((p) => p.type === type)?.value ?? fallback;
}

function cultureFromIntl(locale: string): NumberCulture {
  const latn = { numberingSystem: 'latn' } as const;
  const plain = new Intl.NumberFormat(locale, { ...latn, useGrouping: true, maximumFractionDigits: 1 }).formatToParts(-123456789012.5);
  const integerLengths = plain.filter((p) => p.type === 'integer').map((p) => p.value.length);
  const groupSizes: number[] = [];
  if (integerLengths.length > 1) {
    groupSizes.push(integerLengths[integerLengths.length - 1] as number);
    const secondary = integerLengths.length > 2 ? (integerLengths[integerLengths.length - 2] as number) : undefined;
    if (secondary !== undefined && secondary !== groupSizes[0]) groupSizes.push(secondary);
  }
  const percent = new Intl.NumberFormat(locale, { ...latn, style: 'percent' });
  const percentParts = percent.formatToParts(0.5);

  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    region = undefined;
  }
  const code = (region && REGION_CURRENCY.get(region)) ?? 'XXX';
  const money = new Intl.NumberFormat(locale, { ...latn, style: 'currency', currency: code });
  const moneyParts = money.formatToParts(1);
  const symbol = partValue(moneyParts, 'currency', '¤');

  return {
    name: locale,
    decimal: partValue(plain, 'decimal', '.'),
    group: partValue(plain, 'group', ','),
    groupSizes,
    minus: partValue(plain, 'minusSign', '-'),
    plus: partValue(new Intl.NumberFormat(locale, { ...latn, signDisplay: 'always' }).formatToParts(1), 'plusSign', '+'),
    percentSymbol: partValue(percentParts, 'percentSign', '%'),
    perMilleSymbol: '‰',
    percent: { positive: affixes(percentParts), negative: affixes(percent.formatToParts(-0.5)) },
    currency: {
      symbol,
      digits: code === 'XXX' ? 2 : (money.resolvedOptions().maximumFractionDigits ?? 2),
      positive: affixes(moneyParts),
      negative: affixes(money.formatToParts(-1)),
    },
    nan: 'NaN',
    positiveInfinity: '∞',
    negativeInfinity: `${partValue(plain, 'minusSign', '-')}∞`,
  };
}
