import { describe, expect, it } from 'vitest';
import {
  defaultCliPath,
  defaultTestServerPath,
  resolveCliExecutable,
  resolveTestServerExecutable,
} from '../../src/temporal/binaries.js';

describe('Temporal binary resolution', () => {
  it('uses the binaries provided by npm run tools (never the SDK download when they are there)', () => {
    // Both must exist here: `npm test` runs scripts/temporal-tools.sh first (pretest).
    const cli = resolveCliExecutable(process.env.TEMPORAL_CLI_PATH);
    const testServer = resolveTestServerExecutable(process.env.TEMPORAL_TEST_SERVER_PATH);
    expect(cli.type).toBe('existing-path');
    expect(testServer.type).toBe('existing-path');
    if (!process.env.TEMPORAL_CLI_PATH) expect(cli).toEqual({ type: 'existing-path', path: defaultCliPath });
    if (!process.env.TEMPORAL_TEST_SERVER_PATH) expect(testServer).toEqual({ type: 'existing-path', path: defaultTestServerPath });
  });

  it('accepts an existing override path and rejects a missing one with what to do', () => {
    expect(resolveCliExecutable(defaultCliPath)).toEqual({ type: 'existing-path', path: defaultCliPath });
    expect(() => resolveTestServerExecutable('/nonexistent/temporal-test-server')).toThrow(
      /TEMPORAL_TEST_SERVER_PATH=\/nonexistent\/temporal-test-server is not an executable file.*npm run tools/,
    );
    expect(() => resolveCliExecutable('/nonexistent/temporal')).toThrow(/TEMPORAL_CLI_PATH=/);
  });
});
