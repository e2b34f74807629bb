/**
 * Builds an S3 client from an AmazonS3 or AmazonS3Compatible linked service. The settings that make
 * S3-compatible servers behave (path-style addressing, checksums only when an operation requires
 * them) are set here once, so every store, test and benchmark talks to S3 the same way.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { ResolvedLinkedService } from '@sluice/engine';
import { booleanSetting, invalidSetting, stringSetting } from '../linked-service-settings.js';

/** The S3 connection settings read from a linked service (the secret stays inside the client config). */
export interface S3Settings {
  readonly region: string;
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * Reads region, endpoint (`serviceUrl`), path style and credentials. `accessKeyId` without
 * `secretAccessKey` (or the reverse) is `LINKED_SERVICE_INVALID`; neither means the SDK's default
 * credential chain (environment, profile, instance role), as for an AWS-hosted worker.
 */
export function s3Settings(linkedService: ResolvedLinkedService): S3Settings {
  const accessKeyId = stringSetting(linkedService, 'accessKeyId');
  const secretAccessKey = stringSetting(linkedService, 'secretAccessKey');
  const sessionToken = stringSetting(linkedService, 'sessionToken');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw invalidSetting(linkedService, accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey', 'is required with the other half of the access key');
  }
  const endpoint = stringSetting(linkedService, 'serviceUrl');
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) {
    throw invalidSetting(linkedService, 'serviceUrl', 'must be an http:// or https:// URL');
  }
  if (linkedService.type === 'AmazonS3Compatible' && endpoint === undefined) throw invalidSetting(linkedService, 'serviceUrl', 'is required');
  return {
    region: stringSetting(linkedService, 'region') ?? 'us-east-1',
    ...(endpoint !== undefined ? { endpoint } : {}),
    forcePathStyle: booleanSetting(linkedService, 'forcePathStyle') ?? false,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) } }
      : {}),
  };
}

/**
 * The client configuration for `settings`: checksums `WHEN_REQUIRED` (with the SDK's defaults some
 * S3-compatible servers store a streamed body corrupted), a connection timeout so a dead endpoint fails
 * fast with `STORE_UNAVAILABLE`, and the SDK's own retries (3 attempts) for transient errors.
 */
export function s3ClientConfig(settings: S3Settings): S3ClientConfig {
  return {
    region: settings.region,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 300_000 },
  };
}

/** A client for a linked service (see {@link s3Settings} and {@link s3ClientConfig}). */
export function createS3Client(linkedService: ResolvedLinkedService): S3Client {
  return new S3Client(s3ClientConfig(s3Settings(linkedService)));
}
