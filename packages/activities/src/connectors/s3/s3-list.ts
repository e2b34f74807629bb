/**
 * Paged S3 listings. ListObjectsV2 with continuation tokens is the normal path; when a server fails
 * on it with a 5xx (s3rver under OpenSSL 3 cannot make a continuation token without Node's
 * `--openssl-legacy-provider`), the listing carries on with ListObjects (V1) and markers, which every
 * S3-compatible server supports, and the store remembers to use V1 from then on.
 */
import { ListObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { s3ErrorInfo } from './s3-errors.js';

/** One page of a listing: objects and (with a delimiter) common prefixes, in key order. */
export interface S3ListPage {
  readonly objects: ReadonlyArray<{ key: string; size: number; lastModified: Date | undefined }>;
  readonly prefixes: readonly string[];
}

/** Options of {@link listS3Pages}. */
export interface S3ListOptions {
  readonly bucket: string;
  readonly prefix: string;
  /** `/` to list one level (folders as common prefixes); undefined to list every key below the prefix. */
  readonly delimiter?: string;
  /** Keys per request (S3's maximum and default is 1,000). */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** Shared per store: set to true once a server needed the V1 fallback. */
  readonly mode: { useV1: boolean };
}

/** Yields the pages of a listing, following continuation tokens (V2) or markers (V1). */
export async function* listS3Pages(client: S3Client, options: S3ListOptions): AsyncIterable<S3ListPage> {
  const { bucket, prefix, delimiter, pageSize = 1000, signal, mode } = options;
  const request = { Bucket: bucket, Prefix: prefix || undefined, Delimiter: delimiter, MaxKeys: pageSize };
  let token: string | undefined;
  let marker: string | undefined;
  let v2 = !mode.useV1;
  for (;;) {
    if (v2) {
      try {
        const out = await client.send(new ListObjectsV2Command({ ...request, ContinuationToken: token, StartAfter: token ? undefined : marker }), { abortSignal: signal });
        const page = toPage(out.Contents, out.CommonPrefixes);
        yield page;
        if (!out.IsTruncated) return;
        token = out.NextContinuationToken;
        marker = lastName(page) ?? marker;
        if (!token) {
          // A server that truncates without a token: carry on after the last key, with markers.
          v2 = false;
        }
        continue;
      } catch (error) {
        const { status } = s3ErrorInfo(error);
        if (signal?.aborted || status === undefined || status < 500) throw error;
        // Fall back to V1 from where this page would have started (`marker`: after the last name seen).
        mode.useV1 = true;
        v2 = false;
        continue;
      }
    }
    const out = await client.send(new ListObjectsCommand({ ...request, Marker: marker }), { abortSignal: signal });
    const page = toPage(out.Contents, out.CommonPrefixes);
    yield page;
    if (!out.IsTruncated) return;
    const next = out.NextMarker ?? lastName(page);
    if (!next || next === marker) return;
    marker = next;
  }
}

function toPage(
  contents: ReadonlyArray<{ Key?: string; Size?: number; LastModified?: Date }> | undefined,
  prefixes: ReadonlyArray<{ Prefix?: string }> | undefined,
): S3ListPage {
  return {
    objects: (contents ?? []).filter((o) => o.Key !== undefined).map((o) => ({ key: o.Key as string, size: o.Size ?? 0, lastModified: o.LastModified })),
    prefixes: (prefixes ?? []).map((p) => p.Prefix).filter((p): p is string => p !== undefined),
  };
}

/** The greatest key or prefix of a page: where the next page starts after. */
function lastName(page: S3ListPage): string | undefined {
  const key = page.objects.at(-1)?.key;
  const prefix = page.prefixes.at(-1);
  if (key === undefined) return prefix;
  if (prefix === undefined) return key;
  return key > prefix ? key : prefix;
}
