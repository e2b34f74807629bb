/**
 * The hand-drawn parts of the event triggers: a check-box list (storage events, webhook methods: the form
 * renderer has no multi-select), the store a storage-event trigger watches (a local folder or an S3 bucket,
 * named by its linked service, with the path help that fits the store), and a webhook's endpoint and secret.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { ResourceSummary } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import type { Problem } from '../../model/types.js';
import { FieldProblems } from '../common/FieldProblems.js';

/** Props of {@link CheckList}. */
export interface CheckListProps {
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value: string[] | undefined;
  /** The checked values in option order, or undefined when none is checked. */
  onChange(value: string[] | undefined): void;
  problems: Problem[];
  required?: boolean;
}

/** A labelled group of check boxes editing a list of strings. */
export function CheckList({ label, options, value, onChange, problems, required }: CheckListProps): ReactNode {
  const id = useId();
  const on = new Set(value ?? []);
  return (
    <fieldset className={`nested${problems.length ? ' field-invalid' : ''}`} aria-describedby={problems.length ? `${id}-problems` : undefined}>
      <legend>
        {label}
        {required ? <span className="required" title="Required"> *</span> : null}
      </legend>
      {options.map((o) => (
        <label key={o.value} className="field-inline">
          <input
            type="checkbox"
            checked={on.has(o.value)}
            onChange={() => {
              const next = options.map((x) => x.value).filter((v) => (v === o.value ? !on.has(v) : on.has(v)));
              onChange(next.length ? next : undefined);
            }}
          />
          {o.label}
        </label>
      ))}
      <FieldProblems id={`${id}-problems`} problems={problems} />
    </fieldset>
  );
}

/** Linked-service types a storage-event trigger can watch, and how each reads the path filter. */
const STORES: Record<string, { kind: 'local' | 's3'; help: string }> = {
  localfilesystem: { kind: 'local', help: "A local folder: the path filter is relative to the linked service's root folder (landing/ watches <root>/landing/)." },
  fileserver: { kind: 'local', help: "A local folder: the path filter is relative to the linked service's host folder." },
  amazons3: { kind: 's3', help: "An S3 prefix: /<bucket>/blobs/<prefix>/ (ADF's form), or just <prefix>/ when the linked service names its bucketName." },
  amazons3compatible: { kind: 's3', help: "An S3 prefix: /<bucket>/blobs/<prefix>/ (ADF's form), or just <prefix>/ when the linked service names its bucketName." },
};

/** Props of {@link StorageSource}. */
export interface StorageSourceProps {
  value: { referenceName?: string } | undefined;
  onChange(value: { referenceName: string; type: 'LinkedServiceReference' } | undefined): void;
  /** Linked-service names, used when the API is not there to say their types. */
  names: string[];
  problems: Problem[];
}

/** The watched store: a select of the factory's file and S3 linked services, and what the path filter means there. */
export function StorageSource({ value, onChange, names, problems }: StorageSourceProps): ReactNode {
  const api = useApi();
  const id = useId();
  const [services, setServices] = useState<ResourceSummary[] | null>(null);
  useEffect(() => {
    api?.list('linkedservices').then(setServices, () => setServices(null));
  }, [api]);
  const list: ResourceSummary[] = services ?? names.map((name) => ({ name }));
  const stores = list.filter((s) => !s.type || STORES[String(s.type).toLowerCase()]);
  const current = value?.referenceName ?? '';
  const type = list.find((s) => s.name === current)?.type;
  const store = type ? STORES[String(type).toLowerCase()] : undefined;
  return (
    <div className={`field${problems.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Store (linked service)</label>
      <select
        id={id}
        value={current}
        aria-describedby={`${id}-help`}
        aria-invalid={problems.length ? true : undefined}
        onChange={(e) => onChange(e.target.value ? { referenceName: e.target.value, type: 'LinkedServiceReference' } : undefined)}
      >
        <option value="">(choose a local folder or S3 linked service)</option>
        {[...new Set([...(current ? [current] : []), ...stores.map((s) => s.name)])].map((n) => {
          const t = list.find((s) => s.name === n)?.type;
          return (
            <option key={n} value={n}>
              {n}
              {t ? ` (${String(t)})` : ''}
            </option>
          );
        })}
      </select>
      <p id={`${id}-help`} className="help">
        {store?.help ?? 'A LocalFileSystem or FileServer linked service watches a local folder; an AmazonS3 one watches a bucket prefix.'}
      </p>
      <FieldProblems problems={problems} />
    </div>
  );
}

/** Props of {@link WebhookEndpoint}. */
export interface WebhookEndpointProps {
  name: string;
  /** The saved document's path, if any. */
  saved: boolean;
}

/** Where a webhook trigger is called, and its secret on demand (an admin key only). */
export function WebhookEndpoint({ name, saved }: WebhookEndpointProps): ReactNode {
  const api = useApi();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <section aria-label="Webhook endpoint" className="webhook-endpoint">
      <p>
        Call it with <code>POST {origin}/api/hooks/{encodeURIComponent(name)}</code> and the secret (header <code>X-Sluice-Key</code> for ApiKey, or as the authentication
        type says). A stopped trigger refuses calls.
      </p>
      {api ? (
        <button type="button" disabled={!saved} onClick={() => api.webhookSecret(name).then((s) => { setSecret(s); setError(null); }, (e: unknown) => setError((e as Error).message))}>
          Show secret
        </button>
      ) : null}
      {secret ? (
        <p>
          Secret: <code data-testid="webhook-secret">{secret}</code>
        </p>
      ) : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </section>
  );
}
