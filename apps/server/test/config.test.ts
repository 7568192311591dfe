import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../src/config.ts';
import { importLimits } from '../src/import-route.ts';

describe('server configuration', () => {
  it('listens on loopback unless HOST says otherwise', () => {
    expect(readServerConfig({}).host).toBe('127.0.0.1');
    expect(readServerConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(readServerConfig({ HOST: '  ' }).host).toBe('127.0.0.1');
  });

  it('drains for 30 s by default, and takes NMO_SHUTDOWN_GRACE_SECONDS', () => {
    expect(readServerConfig({}).shutdownGraceMs).toBe(30_000);
    expect(readServerConfig({ NMO_SHUTDOWN_GRACE_SECONDS: '5' }).shutdownGraceMs).toBe(5000);
    expect(() => readServerConfig({ NMO_SHUTDOWN_GRACE_SECONDS: 'soon' })).toThrow(/NMO_SHUTDOWN_GRACE_SECONDS/);
  });

  it('lets only clinicians upload, 100 MB by default', () => {
    expect(importLimits({})).toEqual({ clinician: 100 * 1024 * 1024, researcher: 0, admin: 0, system: 0 });
    expect(importLimits({ NMO_IMPORT_MAX_MB: '2' }).clinician).toBe(2 * 1024 * 1024);
    expect(() => importLimits({ NMO_IMPORT_MAX_MB: '0' })).toThrow(/NMO_IMPORT_MAX_MB/);
  });
});
