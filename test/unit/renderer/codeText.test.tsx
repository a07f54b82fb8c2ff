// @vitest-environment jsdom
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CodeText } from '../../../renderer/src/components/CodeText';

const html = (code: string) => renderToStaticMarkup(<CodeText code={code} />);
const runs = (code: string) =>
  html(code)
    .replace(/^<span class="code-text">|<\/span>$/g, '')
    .split('<wbr/>');

describe('CodeText: a code that wraps only between its parts', () => {
  it('offers a break before each GS1 application identifier, none inside the GTIN', () => {
    expect(runs('(01)06901234567892(10)LIVE1')).toEqual(['(01)06901234567892', '(10)LIVE1']);
    expect(runs('(01)06901234567892(17)261231(10)A1')).toEqual(['(01)06901234567892', '(17)261231', '(10)A1']);
  });

  it('keeps an own code whole (its grouped form wraps at its spaces) and cuts a long opaque code into runs of 20', () => {
    expect(runs('30501090000000000012')).toEqual(['30501090000000000012']);
    expect(runs('3050102 0000 0000 0017')).toEqual(['3050102 0000 0000 0017']);
    const opaque = 'HTTPS://EXAMPLE.GOV.CN/TRACE/ABCDEFGHIJ0123456789';
    expect(runs(opaque)).toEqual([opaque.slice(0, 20), opaque.slice(20, 40), opaque.slice(40)]);
    expect(runs(opaque).join('')).toBe(opaque);
  });

  it('escapes what it is given', () => {
    expect(html('<b>1</b>')).toBe('<span class="code-text">&lt;b&gt;1&lt;/b&gt;</span>');
  });
});
