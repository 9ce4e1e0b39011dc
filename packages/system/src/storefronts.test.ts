import { describe, expect, it } from 'vitest';
import { defaultChannelLook, parseStorefronts, storefrontChannels, storefrontOrigins } from './storefronts.js';

describe('parseStorefronts', () => {
  it('reads channel:port pairs', () => {
    expect(parseStorefronts('web:5001, nyc:5002')).toEqual([
      { id: 'web', port: 5001 },
      { id: 'nyc', port: 5002 },
    ]);
  });

  it('refuses a malformed entry, a channel or a port given twice, and an empty list, naming the variable', () => {
    expect(() => parseStorefronts('web')).toThrow('STOREFRONTS: "web" is not channel:port');
    expect(() => parseStorefronts('Web:5001')).toThrow('is not channel:port');
    expect(() => parseStorefronts('web:70000')).toThrow('is not channel:port');
    expect(() => parseStorefronts('web:5001,web:5002')).toThrow('channel web appears twice');
    expect(() => parseStorefronts('web:5001,nyc:5001')).toThrow('port 5001 appears twice');
    expect(() => parseStorefronts(' , ')).toThrow('at least one');
  });
});

describe('storefronts', () => {
  it('create each channel with its own name and colour', () => {
    expect(defaultChannelLook('web')).toEqual({ name: 'Storefleet', theme_color: '#1f6feb' });
    const nyc = defaultChannelLook('nyc');
    expect(nyc.name).toBe('Storefleet NYC');
    expect(nyc.theme_color).not.toBe('#1f6feb');
  });

  it('are allowed by the gateway from both loopback spellings', () => {
    expect(storefrontOrigins([{ port: 5001 }])).toEqual(['http://127.0.0.1:5001', 'http://localhost:5001']);
  });

  it("ask identity for each channel with its look, its storefront's origins and its key", () => {
    expect(storefrontChannels([{ id: 'nyc', port: 5002, key: 'pk_nyc' }])).toEqual([
      { id: 'nyc', ...defaultChannelLook('nyc'), allowed_origins: ['http://127.0.0.1:5002', 'http://localhost:5002'], key: 'pk_nyc' },
    ]);
  });
});
