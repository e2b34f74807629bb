/**
 * What the expression editor knows: the engine's own function registry (the same declarations the
 * evaluator runs, imported from the engine's isomorphic entry) plus the pipeline's parameters, variables,
 * upstream activities and `item()` inside a ForEach, and the factory's global parameters. Pure, so completion
 * and syntax checking are tested without a browser.
 */
import { defaultFunctions, parseTemplate, SluiceError } from '@sluice/engine';

/** Names in scope where an expression is edited. */
export interface CompletionSource {
  parameters: string[];
  /** The factory's global parameters (`pipeline().globalParameters.<name>`); none when not given. */
  globalParameters?: string[];
  variables: string[];
  /** Activities that run before this one (their outputs can be read). */
  activities: string[];
  /** True inside a ForEach (or a Filter's condition): `item()` is defined. */
  inForEach: boolean;
  /** The context a preview evaluates against (parameter and variable defaults), in `sluice expr`'s shape. */
  sampleContext?: Record<string, unknown>;
}

/** One completion suggestion. */
export interface Completion {
  label: string;
  /** Text inserted in place of the word being typed. */
  insert: string;
  detail: string;
  kind: 'function' | 'parameter' | 'variable' | 'activity' | 'item';
}

/** Every function of the expression language, for completion (name, signature, description). */
export function functionList(): Array<{ name: string; signature: string; description: string; category: string }> {
  return defaultFunctions.list().map((f) => ({ name: f.name, signature: f.signature, description: f.description, category: f.category }));
}

const quote = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/**
 * Suggestions for the word ending at `cursor` in `text`: scope entries first (parameters, variables,
 * activities, item), then functions, each filtered by the typed prefix (case-insensitive).
 */
export function completionsAt(text: string, cursor: number, source: CompletionSource, limit = 30): { from: number; items: Completion[] } {
  const before = text.slice(0, cursor);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const from = cursor - word.length;
  const prefix = word.toLowerCase();
  const head = before.slice(0, from);
  if (head.endsWith('.')) {
    // Member access: only what can follow this receiver.
    const members: Completion[] = /pipeline\(\)\.parameters\.$/i.test(head)
      ? source.parameters.map((p) => ({ label: p, insert: p, detail: 'parameter', kind: 'parameter' }))
      : /pipeline\(\)\.globalParameters\.$/i.test(head)
        ? (source.globalParameters ?? []).map((p) => ({ label: p, insert: p, detail: 'global parameter', kind: 'parameter' }))
      : /activity\('[^']*'\)\.$/i.test(head)
        ? ['output', 'error', 'status'].map((m) => ({ label: m, insert: m, detail: 'activity result', kind: 'activity' }))
        : /pipeline\(\)\.$/i.test(head)
          ? ['parameters', 'globalParameters', 'RunId', 'Pipeline', 'DataFactory', 'TriggerTime', 'TriggerName', 'TriggerType', 'TriggerId', 'GroupId'].map((m) => ({ label: m, insert: m, detail: 'pipeline()', kind: 'parameter' }))
          : [];
    return { from, items: members.filter((c) => c.label.toLowerCase().startsWith(prefix)).slice(0, limit) };
  }
  const scoped: Completion[] = [
    ...source.parameters.map((p): Completion => ({ label: `pipeline().parameters.${p}`, insert: `pipeline().parameters.${p}`, detail: 'parameter', kind: 'parameter' })),
    ...(source.globalParameters ?? []).map((p): Completion => ({ label: `pipeline().globalParameters.${p}`, insert: `pipeline().globalParameters.${p}`, detail: 'global parameter', kind: 'parameter' })),
    ...source.variables.map((v): Completion => ({ label: `variables(${quote(v)})`, insert: `variables(${quote(v)})`, detail: 'variable', kind: 'variable' })),
    ...source.activities.map((a): Completion => ({ label: `activity(${quote(a)}).output`, insert: `activity(${quote(a)}).output`, detail: 'upstream activity output', kind: 'activity' })),
    ...(source.inForEach ? [{ label: 'item()', insert: 'item()', detail: 'current ForEach item', kind: 'item' } as Completion] : []),
  ];
  const functions: Completion[] = defaultFunctions.list().map((f) => ({ label: f.name, insert: `${f.name}(`, detail: f.signature, kind: 'function' }));
  const matches = (c: Completion): boolean => prefix === '' || c.label.toLowerCase().startsWith(prefix) || (c.kind !== 'function' && c.label.toLowerCase().includes(prefix));
  return { from, items: [...scoped.filter(matches), ...functions.filter(matches)].slice(0, limit) };
}

/** A syntax error of an expression, located. */
export interface SyntaxProblem {
  code: string;
  message: string;
  position: number;
  end: number;
}

/**
 * Checks the syntax of an ADF property value (`@…` or text with `@{…}`) with the engine's parser, the
 * one the server uses, so the inline error matches what validation says. A literal is fine.
 */
export function checkSyntax(text: string): SyntaxProblem | undefined {
  if (text === '') return undefined;
  try {
    parseTemplate(text);
    return undefined;
  } catch (e) {
    if (e instanceof SluiceError) {
      const position = typeof e.location.position === 'number' ? e.location.position : 0;
      const end = typeof e.location.end === 'number' ? e.location.end : position + 1;
      return { code: e.code, message: e.message, position, end };
    }
    return { code: 'EXPRESSION_SYNTAX', message: (e as Error).message, position: 0, end: text.length };
  }
}
