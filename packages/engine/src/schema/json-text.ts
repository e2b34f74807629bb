/**
 * Parses JSON text and, when it is not valid, says where: the 0-based offset, and the 1-based line and
 * column. `JSON.parse` alone does not always say (Node 20's messages often give no position), and a user
 * with a broken factory file needs the line to look at.
 */
export type JsonParseResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; offset: number; line: number; column: number };

/** Parses `text` as JSON (a leading byte-order mark is ignored). */
export function parseJsonText(text: string): JsonParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    const where = findJsonError(body);
    const before = body.slice(0, where.offset);
    const line = before.split('\n').length;
    const column = where.offset - before.lastIndexOf('\n');
    return { ok: false, message: where.message ?? (e instanceof Error ? e.message : String(e)), offset: where.offset, line, column };
  }
}

/** Scans JSON text strictly and returns the offset of the first error (for text JSON.parse rejected). */
function findJsonError(text: string): { offset: number; message?: string } {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (message: string): never => {
    throw { offset: Math.min(i, text.length), message };
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`Expected a property name in double quotes, found ${describe()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`Expected ':' after the property name, found ${describe()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`Expected ',' or '}' in the object, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`Expected ',' or ']' in the array, found ${describe()}`);
      }
    }
    if (c === '"') return string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail(`Expected a value, found ${describe()}`);
    i += (m as RegExpExecArray)[0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('Invalid \\u escape in a string');
          i += 6;
          continue;
        }
        if (n === undefined || !'"\\/bfnrt'.includes(n)) fail('Invalid escape in a string');
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('Unescaped control character in a string');
      i++;
    }
    fail('Unterminated string');
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`Unexpected ${describe()} after the end of the JSON value`);
    return { offset: i };
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
}
