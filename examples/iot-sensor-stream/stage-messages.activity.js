// The StageMessages activity: writes a list of messages (a queue trigger's batch, `@triggerBody().messages`)
// to a JSON Lines file, one line `{"seq": n, "raw": "<the message as text>"}` per message.
//
// Why it exists: Sluice's built-in activities read data from stores, but nothing writes a value the pipeline
// already holds (a trigger body) to a file. Once the batch is a file, the built-in data flow can validate,
// cleanse, land and aggregate it. Each message is kept as its text (a JSON object serialised again, or the
// text a broker carried when it was not JSON), so malformed messages reach the validation step intact and
// the rejects file shows them as they arrived.
//
// The output dataset must be a file dataset on a LocalFileSystem linked service (the staging area the data
// flow reads next). The file is written beside its target under a temporary name and renamed into place, so
// a reader never sees half of it. Plain JavaScript, no dependencies: loaded like any plugin (SLUICE_PLUGINS).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** The most messages one run stages (a batch larger than this is a trigger misconfiguration). */
const MAX_MESSAGES = 100_000;

/** An error with a Sluice error code (errors cross processes as `{code, message}`). */
function coded(code, message) {
  return Object.assign(new Error(message), { code, name: 'SluiceError' });
}

/** The local path a file dataset points at, refusing paths that leave the linked service's root. */
export function localTarget(dataset) {
  const ls = dataset.linkedService;
  if (ls.type !== 'LocalFileSystem') {
    throw coded('UNSUPPORTED_LINKED_SERVICE_TYPE', `StageMessages writes to a LocalFileSystem dataset; '${dataset.name}' is on ${ls.type}.`);
  }
  const root = String(ls.typeProperties.rootPath ?? '');
  if (!isAbsolute(root)) throw coded('DATASET_LOCATION_INVALID', `Linked service '${ls.name}': rootPath must be an absolute folder.`);
  const location = dataset.typeProperties.location ?? {};
  const folder = String(location.folderPath ?? '');
  const fileName = String(location.fileName ?? '');
  if (!fileName) throw coded('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}': StageMessages needs a location.fileName.`);
  const target = resolve(root, folder, fileName);
  const rel = relative(resolve(root), target);
  if (rel.startsWith('..') || isAbsolute(rel)) throw coded('PATH_OUTSIDE_ROOT', `Dataset '${dataset.name}': '${folder}/${fileName}' leaves the folder of linked service '${ls.name}'.`);
  return { target, display: rel };
}

/** One message as the text it was sent as. */
export function messageText(message) {
  return typeof message === 'string' ? message : JSON.stringify(message);
}

export const stageMessagesActivity = {
  type: 'StageMessages',
  version: 1,
  kind: 'work',
  category: 'Move and transform',
  title: 'Stage messages',
  description: 'Writes a list of messages (a queue trigger batch) to a JSON Lines file of the output dataset, one {seq, raw} line per message, for a data flow or Copy to read.',
  typeProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['messages'],
    properties: {
      messages: { type: 'array', maxItems: MAX_MESSAGES, description: 'The messages, e.g. @triggerBody().messages: objects, or texts that were not JSON.' },
    },
  },
  uiHints: { messages: { widget: 'json', order: 1 } },
  output: {
    type: 'object',
    properties: { messages: { type: 'integer' }, bytesWritten: { type: 'integer' }, path: { type: 'string' } },
  },
  async run(ctx, props) {
    const [dataset] = ctx.outputs;
    if (!dataset || ctx.outputs.length !== 1) throw coded('DATASET_LOCATION_INVALID', `StageMessages '${ctx.activityName}' needs exactly one output dataset.`);
    const { target, display } = localTarget(dataset);
    const lines = props.messages.map((m, seq) => `${JSON.stringify({ seq, raw: messageText(m) })}\n`);
    const text = lines.join('');
    await mkdir(dirname(target), { recursive: true });
    const staged = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(staged, text, { signal: ctx.signal });
      await rename(staged, target);
    } catch (error) {
      await rm(staged, { force: true });
      throw error;
    }
    const bytesWritten = Buffer.byteLength(text);
    ctx.log.info(`staged ${lines.length} message(s) in ${display}`, { bytesWritten });
    ctx.progress({ fraction: 1, rowsWritten: lines.length, bytesWritten });
    return { messages: lines.length, bytesWritten, path: display };
  },
};
