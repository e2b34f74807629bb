import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../errors/index.js';
import type { ExpressionContext } from '../context.js';
import { evaluate } from '../evaluate.js';
import { type ExprBinary, ExprFloat, ExprXml, toJson, typeName, type Value } from '../values.js';
import { conversionFunctions } from './conversion.js';

/**
 * Conformance tests for the conversion functions: every documented example of Microsoft's ADF reference
 * ("Expressions and functions in Azure Data Factory") and Logic Apps reference ("Reference guide to
 * workflow expression functions"), then edge and error cases. Where the reference shows a value that
 * is a documentation slip, the row says so and tests the real behaviour.
 */

const items = `<?xml version="1.0"?>
<produce>
  <item>
    <name>Gala</name>
    <type>apple</type>
    <count>20</count>
  </item>
  <item>
    <name>Honeycrisp</name>
    <type>apple</type>
    <count>10</count>
  </item>
</produce>`;

const itemsExpired = items.replace('<name>Gala', "<name expired='true'>Gala").replace('<name>Honeycrisp', "<name expired='false'>Honeycrisp");
const itemsOneExpired = items.replace('<name>Gala', "<name expired='true'>Gala");
const itemsPriced = items
  .replace('<name>Gala', "<name expired='true' price='12'>Gala")
  .replace('<name>Honeycrisp', "<name expired='false' price='40'>Honeycrisp");

const context: ExpressionContext = {
  pipeline: {
    parameters: {
      items,
      itemsExpired,
      itemsOneExpired,
      itemsPriced,
      http: '<?xml version="1.0"?><file xmlns="https://contoso.com"><location>Paris</location></file>',
      httpAdf: '<?xml version="1.0"?> <file xmlns="http://contoso.com"> <location>Paris</location> </file>',
    },
  },
};

function run(expression: string): Value {
  return evaluate(`@${expression}`, context);
}

function failure(expression: string): SluiceError {
  try {
    run(expression);
  } catch (e) {
    if (e instanceof SluiceError) return e;
    throw e;
  }
  throw new Error(`expected ${expression} to fail`);
}

const bits = (text: string): string => [...new TextEncoder().encode(text)].map((b) => b.toString(2).padStart(8, '0')).join('');

describe('conversion: documented examples', () => {
  it.each<[string, unknown]>([
    // array
    ["array('hello')", ['hello']],
    // base64
    ["base64('hello')", 'aGVsbG8='],
    // base64ToBinary: the reference prints the bits of the text 'aGVsbG8=' itself; the binary content is
    // what the base64 stands for, 'hello'.
    ["base64ToBinary('aGVsbG8=')", bits('hello')],
    // base64ToString
    ["base64ToString('aGVsbG8=')", 'hello'],
    // binary
    ["binary('hello')", '0110100001100101011011000110110001101111'],
    // bool (ADF: 1, 0; Logic Apps adds -1, 'true', 'false')
    ['bool(1)', true],
    ['bool(0)', false],
    ['bool(-1)', true],
    ["bool('true')", true],
    ["bool('false')", false],
    // coalesce
    ['coalesce(null, true, false)', true],
    ["coalesce(null, 'hello', 'world')", 'hello'],
    ['coalesce(null, null, null)', null],
    // createArray
    ["createArray('h', 'e', 'l', 'l', 'o')", ['h', 'e', 'l', 'l', 'o']],
    // dataUri
    ["dataUri('hello')", 'data:text/plain;charset=utf-8;base64,aGVsbG8='],
    // dataUriToBinary / decodeDataUri: the reference prints the bits of the whole URI text; the binary
    // content of that data URI is 'hello'.
    ["dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')", bits('hello')],
    ["decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')", bits('hello')],
    // dataUriToString
    ["dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", 'hello'],
    // decodeBase64
    ["decodeBase64('aGVsbG8=')", 'hello'],
    // decodeUriComponent (Logic Apps); ADF's page decodes 'http%3A…' and prints 'https://…', a slip.
    ["decodeUriComponent('https%3A%2F%2Fcontoso.com')", 'https://contoso.com'],
    ["decodeUriComponent('http%3A%2F%2Fcontoso.com')", 'http://contoso.com'],
    // encodeUriComponent (Logic Apps); ADF's page prints 'http%3A…' for 'https://…', a slip.
    ["encodeUriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
    // float
    ["float('10.333')", 10.333],
    ["float('10,000.333')", 10000.333],
    ["float('10.000,333', 'de-DE')", 10000.333],
    // int
    ["int('10')", 10],
    // json
    ["json('[1, 2, 3]')", [1, 2, 3]],
    ['json(\'{"fullName": "Sophia Owen"}\')', { fullName: 'Sophia Owen' }],
    [
      'json(xml(\'<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> </root>\'))',
      { '?xml': { '@version': '1.0' }, root: { person: { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' } } },
    ],
    [
      'json(xml(\'<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> <person id="2"> <name>John Doe</name> <occupation>Engineer</occupation> </person> </root>\'))',
      {
        '?xml': { '@version': '1.0' },
        root: {
          person: [
            { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' },
            { '@id': '2', name: 'John Doe', occupation: 'Engineer' },
          ],
        },
      },
    ],
    // string: string(10); the reference's object literal `{ "name": … }` is not expression syntax, so the
    // object comes from json(). The result is compact JSON (the page adds spaces inside the braces).
    ['string(10)', '10'],
    ['string(json(\'{ "name": "Sophie Owen" }\'))', '{"name":"Sophie Owen"}'],
    // uriComponent (Logic Apps; ADF's page prints 'http%3A…', a slip)
    ["uriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
    // uriComponentToBinary: the reference prints the bits of '"http%3A%2F%2Fcontoso.com"' (quotes
    // included); the binary content the URI component stands for is 'https://contoso.com'.
    ["uriComponentToBinary('https%3A%2F%2Fcontoso.com')", bits('https://contoso.com')],
    // uriComponentToString (Logic Apps; ADF's page decodes 'http%3A…' and prints 'https://…')
    ["uriComponentToString('https%3A%2F%2Fcontoso.com')", 'https://contoso.com'],
    ["uriComponentToString('http%3A%2F%2Fcontoso.com')", 'http://contoso.com'],
    // xml
    ["xml('<name>Sophia Owen</name>')", '<name>Sophia Owen</name>'],
    ['xml(json(\'{ "name": "Sophia Owen" }\'))', '<name>Sophia Owen</name>'],
    // The reference shows this indented (and with a typo'd closing tag); the XML is the same, compact.
    ['xml(json(\'{"person": {"name": "Sophia Owen", "city": "Seattle"}}\'))', '<person><name>Sophia Owen</name><city>Seattle</city></person>'],
    // xpath (Logic Apps examples 1–9, ADF examples 1–3); `parameters('items')` reads a pipeline parameter.
    ["xpath(xml(pipeline().parameters.items), '/produce/item/name/text()')", ['Gala', 'Honeycrisp']],
    ["xpath(xml(pipeline().parameters.items), '/produce/item/name')", ['<name>Gala</name>', '<name>Honeycrisp</name>']],
    // Examples 2 and 3: the page shows one name, but `name[1]` / `name[last()]` pick the first/last name
    // child of *each* item, so XPath selects both; parenthesising selects a single node.
    ["xpath(xml(pipeline().parameters.items), '/produce/item/name[1]')", ['<name>Gala</name>', '<name>Honeycrisp</name>']],
    ["xpath(xml(pipeline().parameters.items), '(/produce/item/name)[1]')", ['<name>Gala</name>']],
    ["xpath(xml(pipeline().parameters.items), '(/produce/item/name)[last()]')", ['<name>Honeycrisp</name>']],
    ["xpath(xml(pipeline().parameters.items), '/produce/item/name[last()]')", ['<name>Gala</name>', '<name>Honeycrisp</name>']],
    [
      "xpath(xml(pipeline().parameters.itemsExpired), '//name[@expired]')",
      ['<name expired="true">Gala</name>', '<name expired="false">Honeycrisp</name>'],
    ],
    ["xpath(xml(pipeline().parameters.itemsExpired), '//name[@expired]/text()')", ['Gala', 'Honeycrisp']],
    ["xpath(xml(pipeline().parameters.itemsOneExpired), '//name[@expired = ''true'']')", ['<name expired="true">Gala</name>']],
    ["xpath(xml(pipeline().parameters.itemsPriced), '//name[@price>35]')", ['<name expired="false" price="40">Honeycrisp</name>']],
    ["xpath(xml(pipeline().parameters.items), 'sum(/produce/item/count)')", 30],
    ["xpath(xml(pipeline().parameters.http), '/*[name()=\"file\"]/*[name()=\"location\"]')", ['<location xmlns="https://contoso.com">Paris</location>']],
    [
      "xpath(xml(pipeline().parameters.http), '/*[local-name()=\"file\" and namespace-uri()=\"https://contoso.com\"]/*[local-name()=\"location\"]')",
      ['<location xmlns="https://contoso.com">Paris</location>'],
    ],
    ["xpath(xml(pipeline().parameters.http), 'string(/*[name()=\"file\"]/*[name()=\"location\"])')", 'Paris'],
    // ADF's example 2 uses xmlns="http://contoso.com" (and prints https, a slip).
    [
      "xpath(xml(pipeline().parameters.httpAdf), '/*[local-name()=\"file\" and namespace-uri()=\"http://contoso.com\"]/*[local-name()=\"location\"]')",
      ['<location xmlns="http://contoso.com">Paris</location>'],
    ],
  ])('%s → %j', (expression, expected) => {
    expect(toJson(run(expression))).toEqual(expected);
  });
});

describe('conversion: value kinds', () => {
  it.each<[string, string]>([
    ["int('10')", 'Integer'],
    ["float('10.333')", 'Float'],
    ["float('2')", 'Float'],
    ['float(3)', 'Float'],
    ["json('1')", 'Integer'],
    ["json('2.0')", 'Float'],
    ["json('1e2')", 'Float'],
    ["xpath(xml(pipeline().parameters.items), 'sum(/produce/item/count)')", 'Float'],
    ["xpath(xml(pipeline().parameters.items), 'count(//item) = 2')", 'Boolean'],
    ["xml('<a/>')", 'Xml'],
    ["binary('x')", 'Binary'],
    ["base64ToBinary('eA==')", 'Binary'],
  ])('%s is %s', (expression, kind) => {
    expect(typeName(run(expression))).toBe(kind);
  });

  it('float() keeps an integral float a float', () => {
    expect(run("float('2')")).toEqual(new ExprFloat(2));
  });

  it('json() reads integers beyond 2^53 exactly', () => {
    expect(run("json('{\"id\": 9007199254740993, \"big\": -123456789012345678901234567890}')")).toEqual({
      id: 9007199254740993n,
      big: -123456789012345678901234567890n,
    });
    expect(run("int('9223372036854775807')")).toBe(9223372036854775807n);
  });

  it('xml() returns an ExprXml that keeps the text', () => {
    const x = run("xml('<?xml version=\"1.0\"?><a b=\"1\">t</a>')");
    expect(x).toBeInstanceOf(ExprXml);
    expect((x as ExprXml).text).toBe('<?xml version="1.0"?><a b="1">t</a>');
  });

  it('binary() holds UTF-8 bytes', () => {
    expect((run("binary('é')") as ExprBinary).bytes).toEqual(new Uint8Array([0xc3, 0xa9]));
  });
});

describe('conversion: edge cases', () => {
  it.each<[string, unknown]>([
    // array / createArray / coalesce
    ['array(createArray(1, 2))', [[1, 2]]],
    ['array(null)', [null]],
    ['createArray(1)', [1]],
    ["createArray(1, 'a', null, json('[]'))", [1, 'a', null, []]],
    ["coalesce('', null)", ''],
    ["coalesce(null, json('[]'))", []],
    ['coalesce(null)', null],
    // base64 and UTF-8
    ["base64('héllo ☃')", 'aMOpbGxvIOKYgw=='],
    ["base64ToString('5pel5pys6Kqe')", '日本語'],
    ["base64ToString(base64('naïve – ✓'))", 'naïve – ✓'],
    ["base64('')", ''],
    ["base64ToString('')", ''],
    ["base64ToString('aGVs bG8=')", 'hello'],
    ["base64(binary('hi'))", 'aGk='],
    ["base64(base64ToBinary('/w=='))", '/w=='],
    // binary
    ["binary('')", ''],
    ["binary('é')", '1100001110101001'],
    // bool
    ["bool('TRUE')", true],
    ["bool(' False ')", false],
    ['bool(true)', true],
    ['bool(0.0)', false],
    ['bool(2.5)', true],
    // data URIs
    ["dataUri('é')", 'data:text/plain;charset=utf-8;base64,w6k='],
    ["dataUriToString('data:,Hello%2C%20World')", 'Hello, World'],
    ["dataUriToString('data:text/plain;charset=iso-8859-1;base64,6Q==')", 'é'],
    ["dataUriToString(dataUri('ünïcödé'))", 'ünïcödé'],
    ["dataUriToBinary('data:application/octet-stream;base64,/w==')", '11111111'],
    // URI components (.NET Uri.EscapeDataString keeps only A-Z a-z 0-9 - _ . ~)
    ["uriComponent('a b!*()''~é/?&=+')", 'a%20b%21%2A%28%29%27~%C3%A9%2F%3F%26%3D%2B'],
    ["uriComponent('')", ''],
    ["uriComponentToString('a%20b+c')", 'a b+c'],
    ["uriComponentToString('%E2%82%AC %zz %')", '€ %zz %'],
    ["uriComponentToString('%C3%A9%FF')", 'é%FF'],
    ["decodeUriComponent(uriComponent('x=1&y=ü'))", 'x=1&y=ü'],
    ["uriComponentToBinary('%FF')", '11111111'],
    ["uriComponentToBinary('é')", '1100001110101001'],
    // float
    ["float('-1.5')", -1.5],
    ["float('1e3')", 1000],
    ["float(' 2.5 ')", 2.5],
    ["float('.5')", 0.5],
    ["float('1,5', 'de-DE')", 1.5],
    ['float(1.25)', 1.25],
    ["float('(12.5)')", -12.5],
    ["float('1 234,5', 'fr-FR')", 1234.5],
    ["float('10,000.333', '')", 10000.333],
    // int
    ["int(' -42 ')", -42],
    ["int('+7')", 7],
    ['int(5)', 5],
    ['int(2.0)', 2],
    // json
    ['json(null)', {}],
    ["json('null')", null],
    ["json('\"text\"')", 'text'],
    ["json('true')", true],
    ["json('{''a'': 1, b: [1, 2,], /* note */ \"c\": {}}')", { a: 1, b: [1, 2], c: {} }],
    ["json('{\"a\": 1, \"a\": 2}')", { a: 2 }],
    ["json('\"\\u00e9\\n\"')", 'é\n'],
    ['json(createArray(1))', [1]],
    ["json(xml('<a><b/><c></c><d x=\"1\">t</d><e>  </e></a>'))", { a: { b: null, c: '', d: { '@x': '1', '#text': 't' }, e: '' } }],
    ["json(xml('<a>hi <b>x</b> there</a>'))", { a: { '#text': ['hi ', ' there'], b: 'x' } }],
    ["json(xml('<a><![CDATA[<raw>]]></a>'))", { a: { '#cdata-section': '<raw>' } }],
    ["json(xml('<p:a xmlns:p=\"urn:x\"><p:b>1</p:b><!-- c --></p:a>'))", { 'p:a': { '@xmlns:p': 'urn:x', 'p:b': '1' } }],
    ["json(xml('<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?><a>1</a>'))", { '?xml': { '@version': '1.0', '@encoding': 'utf-8', '@standalone': 'yes' }, a: '1' }],
    ["json(xml('<a><b>1</b><c/><b>2</b></a>'))", { a: { b: ['1', '2'], c: null } }],
    ["json(xml('<a>&lt;&amp;&#233;&#xE9;<![CDATA[&]]></a>'))", { a: { '#text': '<&éé', '#cdata-section': '&' } }],
    ["json(xml('\uFEFF<a>bom</a>'))", { a: 'bom' }],
    ["json(xml('<!DOCTYPE note SYSTEM \"note.dtd\"><note/>'))", { '!DOCTYPE': { '@name': 'note', '@system': 'note.dtd' }, note: null }],
    ["json(xml('<a><?pi some data?></a>'))", { a: { '?pi': 'some data' } }],
    // string
    ['string(null)', ''],
    ["string('x')", 'x'],
    ['string(true)', 'True'],
    ['string(false)', 'False'],
    ['string(1.5)', '1.5'],
    ['string(2.0)', '2'],
    ['string(-7)', '-7'],
    ["string(createArray(1, 'a', null, true))", '[1,"a",null,true]'],
    ["string(json('{\"a\": {\"b\": [1.5]}}'))", '{"a":{"b":[1.5]}}'],
    ["string(xml('<a/>'))", '<a/>'],
    ["string(binary('hi'))", 'hi'],
    ["string(json('9007199254740993'))", '9007199254740993'],
    // xml from JSON
    [
      'xml(json(\'{"r": {"@id": 1, "#text": "x", "k": [1, 2], "n": null, "t": true, "f": 1.5}}\'))',
      '<r id="1">x<k>1</k><k>2</k><n /><t>true</t><f>1.5</f></r>',
    ],
    ['xml(json(\'{"a": "<&>", "?xml": {"@version": "1.0"}}\'))', '<?xml version="1.0"?><a>&lt;&amp;&gt;</a>'],
    ['xml(json(\'{"a": {"@q": "say \\"hi\\" & bye"}}\'))', '<a q="say &quot;hi&quot; &amp; bye" />'],
    ['xml(json(\'{"p:a": {"@xmlns:p": "urn:x", "p:b": "1"}}\'))', '<p:a xmlns:p="urn:x"><p:b>1</p:b></p:a>'],
    ["xml(xml('<a/>'))", '<a/>'],
    ["xml(binary('<a>é</a>'))", '<a>é</a>'],
    // json(xml(json)) round trip
    ['json(xml(json(\'{"a": {"@id": "1", "b": ["x", "y"]}}\')))', { a: { '@id': '1', b: ['x', 'y'] } }],
    // xpath
    ["xpath(xml(pipeline().parameters.items), '//item[name=''Gala'']/count/text()')", ['20']],
    ["xpath(xml(pipeline().parameters.items), '//nothing')", []],
    ["xpath(xml(pipeline().parameters.itemsPriced), '//name/@price')", ['12', '40']],
    ["xpath(xml(pipeline().parameters.items), 'count(//item)')", 2],
    ["xpath(xml(pipeline().parameters.items), 'count(//item) > 5')", false],
    ["xpath(xml(pipeline().parameters.items), 'concat(//item[2]/name, ''!'')')", 'Honeycrisp!'],
    ["xpath(pipeline().parameters.items, 'string(//item[1]/type)')", 'apple'],
    ["xpath(xml('<a><b><c>1</c></b></a>'), '/a/b')", ['<b><c>1</c></b>']],
  ])('%s → %j', (expression, expected) => {
    expect(toJson(run(expression))).toEqual(expected);
  });
});

describe('conversion: errors', () => {
  it.each<[string, string, string]>([
    ["base64ToString('not base64!')", 'EXPRESSION_EVALUATION', 'is not a valid base64 string'],
    ["base64ToString('aGVsbG8')", 'EXPRESSION_EVALUATION', 'is not a valid base64 string'],
    ["base64ToBinary('a===')", 'EXPRESSION_EVALUATION', 'is not a valid base64 string'],
    ["decodeBase64('%%%')", 'EXPRESSION_EVALUATION', 'is not a valid base64 string'],
    ['base64(1)', 'EXPRESSION_TYPE', "expects its parameter 1 to be a string or binary value. The provided value is of type 'Integer'"],
    ['base64ToString(1)', 'EXPRESSION_TYPE', 'to be a string'],
    ["binary(json('[]'))", 'EXPRESSION_TYPE', "of type 'Array'"],
    ["bool('yes')", 'EXPRESSION_EVALUATION', "The value 'yes' cannot be converted to the target type 'Boolean'"],
    ['bool(null)', 'EXPRESSION_TYPE', "of type 'Null'"],
    ["bool(json('[]'))", 'EXPRESSION_TYPE', "of type 'Array'"],
    ["dataUriToString('hello')", 'EXPRESSION_EVALUATION', 'is not a valid data URI'],
    ["dataUriToBinary('data:text/plain;base64,###')", 'EXPRESSION_EVALUATION', 'is not a valid data URI'],
    ["decodeDataUri('data:no-comma')", 'EXPRESSION_EVALUATION', 'is not a valid data URI'],
    ["dataUriToString('data:text/plain;charset=no-such-charset,abc')", 'EXPRESSION_EVALUATION', "charset 'no-such-charset'"],
    ['dataUri(1)', 'EXPRESSION_TYPE', 'to be a string'],
    ['decodeUriComponent(null)', 'EXPRESSION_TYPE', "of type 'Null'"],
    ['encodeUriComponent(1)', 'EXPRESSION_TYPE', 'to be a string'],
    ["float('abc')", 'EXPRESSION_EVALUATION', "The value 'abc' cannot be converted to the target type 'Float'"],
    ["float('')", 'EXPRESSION_EVALUATION', 'cannot be converted'],
    ["float('1.2.3')", 'EXPRESSION_EVALUATION', 'cannot be converted'],
    ["float('1e999')", 'EXPRESSION_EVALUATION', 'cannot be converted'],
    ["float('1,5', 'not a locale!')", 'EXPRESSION_EVALUATION', "locale 'not a locale!', which is not valid"],
    ["float('NaN')", 'EXPRESSION_EVALUATION', 'cannot be converted'],
    ['float(true)', 'EXPRESSION_TYPE', "of type 'Boolean'"],
    ["float('1', 2)", 'EXPRESSION_TYPE', 'parameter 2 to be a string'],
    ["int('abc')", 'EXPRESSION_EVALUATION', "The value 'abc' cannot be converted to the target type 'Integer'"],
    ["int('1.5')", 'EXPRESSION_EVALUATION', 'cannot be converted'],
    ['int(2.5)', 'EXPRESSION_EVALUATION', "The value '2.5' cannot be converted"],
    ["int('9223372036854775808')", 'EXPRESSION_EVALUATION', 'cannot be converted'],
    ['int(true)', 'EXPRESSION_TYPE', "of type 'Boolean'"],
    ["json('{bad')", 'EXPRESSION_EVALUATION', "The template language function 'json' parameter is not valid"],
    ["json('')", 'EXPRESSION_EVALUATION', 'cannot be parsed'],
    ["json('[1, 2')", 'EXPRESSION_EVALUATION', 'cannot be parsed'],
    ["json('1 2')", 'EXPRESSION_EVALUATION', 'Additional text'],
    ["json('{\"a\": 01x}')", 'EXPRESSION_EVALUATION', 'cannot be parsed'],
    ["xml('<a><b></a>')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml('not xml')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml('<a/><b/>')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml('<a>&nope;</a>')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml('<a>fish & chips</a>')", 'EXPRESSION_EVALUATION', "'&' must start an entity"],
    ["xml('<a b=\"& x\"/>')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml('<p:a/>')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml('')", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ['xml(json(\'{"a": 1, "b": 2}\'))', 'EXPRESSION_EVALUATION', 'multiple properties'],
    ['xml(json(\'{"a": [1, 2]}\'))', 'EXPRESSION_EVALUATION', "can't be an array"],
    ['xml(json(\'{"1a": "x"}\'))', 'EXPRESSION_EVALUATION', "'1a' is not a valid XML name"],
    ['xml(json(\'{"p:a": "x"}\'))', 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xml(json('{}'))", 'EXPRESSION_EVALUATION', 'single property'],
    ['xml(createArray(1))', 'EXPRESSION_TYPE', "of type 'Array'"],
    ['xml(1)', 'EXPRESSION_TYPE', "of type 'Integer'"],
    ["json(xml('<a>'))", 'EXPRESSION_EVALUATION', 'cannot be converted to XML'],
    ["xpath(xml('<a/>'), '//[')", 'EXPRESSION_EVALUATION', "the XPath expression '//[' is not valid"],
    ["xpath(xml('<a/>'), 'nosuchfunction()')", 'EXPRESSION_EVALUATION', 'is not valid'],
    ["xpath(xml('<a/>'), 'number(''x'')')", 'EXPRESSION_EVALUATION', 'evaluated to NaN'],
    ["xpath('<a>', '/a')", 'EXPRESSION_EVALUATION', 'the XML is not valid: unclosed xml tag(s): a'],
    ["xpath(1, '/a')", 'EXPRESSION_TYPE', "expects its parameter 1 to be XML. The provided value is of type 'Integer'"],
    ["xpath(xml('<a/>'), 1)", 'EXPRESSION_TYPE', 'parameter 2 to be a string'],
    ["uriComponentToBinary(1)", 'EXPRESSION_TYPE', 'to be a string'],
  ])('%s fails with %s', (expression, code, message) => {
    const e = failure(expression);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });

  it('malformed XML names the parser’s reason', () => {
    expect(failure("xml('<a><b></a>')").message).toMatch(/Opening and ending tag mismatch/);
  });
});

describe('conversion: declarations', () => {
  const names = [
    'array', 'base64', 'base64ToBinary', 'base64ToString', 'binary', 'bool', 'coalesce', 'createArray', 'dataUri',
    'dataUriToBinary', 'dataUriToString', 'decodeBase64', 'decodeDataUri', 'decodeUriComponent', 'encodeUriComponent',
    'float', 'int', 'json', 'string', 'uriComponent', 'uriComponentToBinary', 'uriComponentToString', 'xml', 'xpath',
  ];

  it('declares exactly the conversion functions, each with a signature and a description', () => {
    expect(conversionFunctions.map((f) => f.name).sort()).toEqual([...names].sort());
    for (const f of conversionFunctions) {
      expect(f.category).toBe('conversion');
      expect(f.signature.startsWith(`${f.name}(`)).toBe(true);
      expect(f.description.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['createArray()', 'EXPRESSION_ARITY'],
    ['coalesce()', 'EXPRESSION_ARITY'],
    ["array('a', 'b')", 'EXPRESSION_ARITY'],
    ["float('1', 'en-US', 3)", 'EXPRESSION_ARITY'],
    ["xpath(xml('<a/>'))", 'EXPRESSION_ARITY'],
  ])('%s fails with %s', (expression, code) => {
    expect(failure(expression).code).toBe(code);
  });

  it('works case-insensitively through the registry', () => {
    expect(run("BASE64TOSTRING('aGVsbG8=')")).toBe('hello');
  });
});
