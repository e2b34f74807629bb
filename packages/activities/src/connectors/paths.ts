/**
 * Store paths: the one place that turns what a user wrote (a dataset's folderPath and fileName, a
 * wildcard folder, a Delete activity's path) into a safe POSIX path relative to a store's root.
 * Every store calls {@link normalizeStorePath} before touching anything, so `..`, absolute paths and
 * percent-encoded tricks are refused the same way on local disk, S3 and HTTP.
 */
import { SluiceError, type ResolvedDataset } from '@sluice/engine';

/** Segments that would climb out of a folder. */
const PARENT = '..';

/** Thrown for every path that would leave its store's root. Names the path as given, never the root. */
export function pathOutsideRoot(path: string, why: string, store?: string): SluiceError {
  const where = store ? ` of store '${store}'` : '';
  return new SluiceError('PATH_OUTSIDE_ROOT', `The path '${printable(path)}' would leave the root${where}: ${why}.`, { file: printable(path) });
}

/** A path as it can be shown in a message: control characters escaped, at most 300 characters. */
function printable(path: string): string {
  const shown = JSON.stringify(path).slice(1, -1);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/** Decodes percent-escapes repeatedly (`%252e` → `%2e` → `.`), so a double encoding cannot hide a `..`. */
function fullyDecoded(path: string): string {
  let current = path;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** Why `path` is not a safe relative path (absolute, `..`, NUL), or undefined when it is. */
function unsafeReason(path: string): string | undefined {
  if (path.includes('\0')) return 'it contains a NUL character';
  if (path.startsWith('/')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'it starts with a drive letter';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)) return 'it is a URL';
  if (path.split('/').some((segment) => segment === PARENT)) return "it contains a '..' segment";
  return undefined;
}

/**
 * Normalizes a path relative to a store's root: backslashes become `/`, empty and `.` segments go,
 * no leading or trailing slash; `''` is the root. Refuses with `PATH_OUTSIDE_ROOT` any path that is
 * absolute, has a `..` segment, a NUL, or would have one once percent-decoded (`%2e%2e%2f`).
 * The path's own characters are kept (a file may be called `a%20b`): decoding is only used to refuse.
 *
 * @example normalizeStorePath('in//2024/./day.csv') // 'in/2024/day.csv'
 * @example normalizeStorePath('../etc/passwd')      // throws PATH_OUTSIDE_ROOT
 */
export function normalizeStorePath(path: string, store?: string): string {
  if (typeof path !== 'string') throw new SluiceError('DATASET_LOCATION_INVALID', `A store path must be a string, got ${typeof path}.`);
  const slashed = path.replace(/\\/g, '/');
  const raw = unsafeReason(slashed);
  if (raw) throw pathOutsideRoot(path, raw, store);
  const decoded = fullyDecoded(slashed).replace(/\\/g, '/');
  if (decoded !== slashed) {
    const encoded = unsafeReason(decoded);
    if (encoded) throw pathOutsideRoot(path, `${encoded} once percent-decoded`, store);
  }
  return slashed
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/**
 * Joins path parts below a store's root, normalizing each (see {@link normalizeStorePath}). Empty
 * parts are skipped, so `joinStorePath('', 'a.csv')` is `'a.csv'`.
 */
export function joinStorePath(...parts: ReadonlyArray<string | undefined>): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .map((part) => normalizeStorePath(part))
    .filter((part) => part !== '')
    .join('/');
}

/**
 * True for the names of Sluice's hidden staging files and folders (`.<name>.sluice-<hex>.tmp`): a file being
 * written, or a set of files being published. Every store's listing skips them (and does not walk into them), so
 * what a killed writer left behind is never read as data.
 */
export function isStagingName(name: string): boolean {
  return /^\..+\.sluice-[0-9a-f]+\.tmp$/.test(name);
}

/** The last segment of a normalized path (`''` for the root). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** The folder of a normalized path (`''` when it sits at the root). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The location types a dataset may use, by linked-service type (ADF's `location.type`). */
const LOCATION_TYPES: Readonly<Record<string, readonly string[]>> = {
  LocalFileSystem: ['LocalFileSystemLocation', 'FileServerLocation'],
  FileServer: ['FileServerLocation', 'LocalFileSystemLocation'],
  AmazonS3: ['AmazonS3Location', 'AmazonS3CompatibleLocation'],
  AmazonS3Compatible: ['AmazonS3CompatibleLocation', 'AmazonS3Location'],
  HttpServer: ['HttpServerLocation'],
};

/** Where a file dataset points, with its parts normalized. */
export interface DatasetPath {
  /** The folder below the root (or bucket), `''` for the root. */
  readonly folder: string;
  /** The file name (it may be an ADF wildcard), `''` when the dataset names a folder. */
  readonly fileName: string;
  /** `folder/fileName` (or the folder alone when there is no file name). */
  readonly path: string;
  /** The S3 bucket, for S3 locations. */
  readonly bucket?: string;
  /** HTTP: the relative URL (its query string kept), when the location has one. */
  readonly relativeUrl?: string;
  /** S3: the object version asked for. */
  readonly version?: string;
}

/**
 * Reads a file dataset's ADF `location` (`folderPath`, `fileName`, `bucketName`, `relativeUrl`) into a
 * normalized {@link DatasetPath}: the one helper Copy, Lookup, GetMetadata, Delete and Validation share,
 * so all of them address the same file for the same dataset and refuse the same unsafe paths.
 * Throws `DATASET_LOCATION_INVALID` when the location is missing or of another store's type, and
 * `PATH_OUTSIDE_ROOT` for an unsafe folder or file name.
 *
 * @example
 * datasetPath({ …, typeProperties: { location: { type: 'AmazonS3Location', bucketName: 'raw', folderPath: 'in/2024', fileName: 'a.csv' } } })
 * // → { bucket: 'raw', folder: 'in/2024', fileName: 'a.csv', path: 'in/2024/a.csv' }
 */
export function datasetPath(dataset: ResolvedDataset): DatasetPath {
  const location = dataset.typeProperties.location;
  if (!location || typeof location !== 'object' || Array.isArray(location)) {
    throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' has no 'location' object.`, { pointer: '/properties/typeProperties/location' });
  }
  const loc = location as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = loc[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}': location.${key} must be a string.`, { pointer: `/properties/typeProperties/location/${key}` });
    }
    return value;
  };
  const type = text('type');
  const allowed = LOCATION_TYPES[dataset.linkedService.type];
  if (type && allowed && !allowed.includes(type)) {
    throw new SluiceError(
      'DATASET_LOCATION_INVALID',
      `Dataset '${dataset.name}' has a location of type '${type}' but its linked service '${dataset.linkedService.name}' is ${dataset.linkedService.type} (expected ${allowed[0]}).`,
      { pointer: '/properties/typeProperties/location/type' },
    );
  }
  const folder = normalizeStorePath(text('folderPath') ?? '', dataset.linkedService.name);
  const fileName = normalizeStorePath(text('fileName') ?? '', dataset.linkedService.name);
  const bucket = text('bucketName');
  if (bucket !== undefined && !/^[A-Za-z0-9._-]{1,255}$/.test(bucket)) {
    throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}': '${printable(bucket)}' is not a valid bucket name.`, { pointer: '/properties/typeProperties/location/bucketName' });
  }
  const relativeUrl = text('relativeUrl');
  const version = text('version');
  return {
    folder,
    fileName,
    path: joinStorePath(folder, fileName),
    ...(bucket !== undefined ? { bucket } : {}),
    ...(relativeUrl !== undefined ? { relativeUrl } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}
