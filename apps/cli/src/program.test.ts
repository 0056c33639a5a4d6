import { describe, expect, it } from 'vitest';
import { hideUserInfo, listProducts } from './program.js';

describe('list: flags that belong to some products', () => {
  it('refuses a flag that cannot apply to a product named with --product', () => {
    expect(() => listProducts({ product: ['ecs'], node: 'e01-x' })).toThrow('--node does not apply to ecs (only to eflo): drop --node or ecs from --product');
    expect(() => listProducts({ product: ['ecs', 'eflo'], instance: 'i-x' })).toThrow(/^--instance does not apply to eflo \(only to ecs and swas\)/);
    expect(() => listProducts({ product: ['swas'], commandId: 'c-x' })).toThrow(/^--command-id does not apply to swas \(only to ecs\)/);
    expect(listProducts({ product: ['ecs', 'swas'], instance: 'i-x' })).toEqual(['ecs', 'swas']);
  });

  it('narrows the default products to those the flags apply to', () => {
    expect(listProducts({})).toEqual(['ecs', 'swas', 'eflo']);
    expect(listProducts({ node: 'e01-x' })).toEqual(['eflo']);
    expect(listProducts({ instance: 'i-x' })).toEqual(['ecs', 'swas']);
    expect(listProducts({ instance: 'i-x', commandId: 'c-x' })).toEqual(['ecs']);
    expect(() => listProducts({ node: 'e01-x', commandId: 'c-x' })).toThrow('--node and --command-id apply to no product together: pass only one of them');
  });
});

describe('hideUserInfo', () => {
  it('hides the user info of URLs quoted in an error, with or without a scheme', () => {
    expect(hideUserInfo("argument 'http://user:Passw0rd@[bad' is invalid")).toBe("argument 'http://***@[bad' is invalid");
    expect(hideUserInfo("argument 'user:Passw0rd@[bad'")).toBe("argument '***@[bad'");
    expect(hideUserInfo('https://u:p@a@host/x')).not.toMatch(/u:p|p@a/);
    expect(hideUserInfo('nothing to hide here')).toBe('nothing to hide here');
  });
});
