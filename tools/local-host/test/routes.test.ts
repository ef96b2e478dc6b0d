import { describe, expect, it } from 'vitest';
import { byPrecedence, compileRoute } from '../src/routes';

describe('route templates', () => {
  it('matches parameters and decodes them', () => {
    expect(compileRoute('api/tickets/{n}').match('/api/tickets/SE-1%2F2')).toEqual({ n: 'SE-1/2' });
    expect(compileRoute('api/tickets/{n}/acknowledge').match('/api/tickets/SE-1/acknowledge/')).toEqual({ n: 'SE-1' });
    expect(compileRoute('api/tickets/{n}').match('/api/tickets')).toBeUndefined();
    expect(compileRoute('api/tickets/{n}').match('/api/tickets/a/b')).toBeUndefined();
  });

  it('checks constraints, including a regex with braces and colons', () => {
    const route = compileRoute('api/x/{id:int}/{code:regex(^[a-z]{{2}}:\\d+$)}');
    expect(route.match('/api/x/12/ab:3')).toEqual({ id: '12', code: 'ab:3' });
    expect(route.match('/api/x/1.5/ab:3')).toBeUndefined();
    expect(route.match('/api/x/12/abc:3')).toBeUndefined();
    expect(compileRoute('api/{flag:bool}').match('/api/TRUE')).toEqual({ flag: 'TRUE' });
    expect(compileRoute('api/{name:alpha:minlength(2)}').match('/api/a')).toBeUndefined();
    expect(compileRoute('api/{id:guid}').match('/api/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBeDefined();
  });

  it('fills defaults, leaves out absent optional parameters, and takes the rest with a catch-all', () => {
    expect(compileRoute('api/list/{page=1}').match('/api/list')).toEqual({ page: '1' });
    expect(compileRoute('api/list/{page:int?}').match('/api/list')).toEqual({});
    expect(compileRoute('api/list/{page:int?}').match('/api/list/x')).toBeUndefined();
    expect(compileRoute('{*all}').match('/')).toEqual({});
    expect(compileRoute('static/{**path}').match('/static/a/b')).toEqual({ path: 'a/b' });
  });

  it('supports several parameters in one segment', () => {
    expect(compileRoute('files/{name}.{ext}').match('/files/report.final.pdf')).toEqual({ name: 'report.final', ext: 'pdf' });
  });

  it('orders literal segments before parameters, and catch-alls last', () => {
    const templates = ['api/{*rest}', 'api/{id}', 'api/special', 'api/{id:int}'];
    const sorted = templates
      .map(compileRoute)
      .sort(byPrecedence)
      .map((r) => r.template);
    expect(sorted).toEqual(['api/special', 'api/{id:int}', 'api/{id}', 'api/{*rest}']);
  });

  it('refuses a malformed template', () => {
    expect(() => compileRoute('api/{id')).toThrow(/unclosed/);
    expect(() => compileRoute('api/{*rest}/more')).toThrow(/catch-all/);
  });
});
