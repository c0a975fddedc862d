import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { TypedSearchAttributes } from '@temporalio/common';
import { loadConfig } from '../../src/config.js';
import { allSlaSearchAttributes } from '../../src/temporal/search-attributes.js';

// There is no Docker engine here: check the compose file as far as static analysis goes.
const root = path.resolve(import.meta.dirname, '../..');
const compose = YAML.parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Record<string, any>>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal, its Web UI, Mailpit, the API and the worker', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'mailpit', 'api', 'worker']));
  });

  it('uses current temporalio images, never the deprecated auto-setup', () => {
    const images = Object.values(services).map((s) => s.image).filter(Boolean) as string[];
    expect(images.some((i) => i.startsWith('temporalio/server:'))).toBe(true);
    expect(images.some((i) => i.startsWith('temporalio/ui:'))).toBe(true);
    expect(images.filter((i) => i.includes('auto-setup'))).toEqual([]);
    for (const image of images) expect(image, `${image} must be pinned`).toMatch(/:[\w.-]+$/);
  });

  it('persists Temporal to the PostgreSQL service', () => {
    const env = services.temporal.environment;
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('postgres');
  });

  it('gives every long-running service a healthcheck', () => {
    for (const [name, s] of Object.entries(services)) {
      const oneShot = s.restart?.startsWith?.('on-failure') && s.command?.includes?.('/scripts/');
      if (!oneShot) expect(s.healthcheck, `${name} needs a healthcheck`).toBeDefined();
    }
  });

  it('only depends on services that exist, with valid conditions', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, spec] of Object.entries((s.depends_on ?? {}) as Record<string, { condition: string }>)) {
        expect(services, `${name} depends on missing ${dep}`).toHaveProperty(dep);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(spec.condition);
        if (spec.condition === 'service_healthy') expect(services[dep].healthcheck, `${dep} must have a healthcheck`).toBeDefined();
      }
    }
  });

  it('mounts only files that exist in the repository and declares its named volumes', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const v of (s.volumes ?? []) as string[]) {
        const source = v.split(':')[0];
        if (source.startsWith('./')) expect(fs.existsSync(path.join(root, source)), `${name} mounts ${source}`).toBe(true);
        else expect(compose.volumes ?? {}, `${name} uses undeclared volume ${source}`).toHaveProperty(source);
      }
    }
  });

  it('builds the API and worker from this repository with entry points that exist', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].build).toBe('.');
      // The image runs the bundle of scripts/build.mjs: dist/<name>.mjs from src/main/<name>.ts.
      expect(services[name].command).toEqual(['node', `dist/${name}.mjs`]);
      expect(fs.existsSync(path.join(root, `src/main/${name}.ts`))).toBe(true);
    }
    expect(fs.readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8')).toMatch(/api: 'src\/main\/api.ts', worker: 'src\/main\/worker.ts'/);
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    for (const m of dockerfile.matchAll(/^COPY\s+(.+)\s+\S+$/gm)) {
      for (const src of m[1].split(/\s+/)) expect(fs.existsSync(path.join(root, src)), `Dockerfile copies ${src}`).toBe(true);
    }
  });

  it('checks the health of the worker against the process its command runs', () => {
    const test = (services.worker.healthcheck as { test: string[] }).test.join(' ');
    const pattern = /pgrep -f (\S+)/.exec(test)?.[1];
    expect(pattern, test).toBeDefined();
    expect(services.worker.command.join(' ')).toContain(pattern);
  });

  it('passes the app configuration validation with the environment it gives the API and the worker', () => {
    for (const name of ['api', 'worker']) {
      const env = Object.fromEntries(Object.entries(services[name].environment).map(([k, v]) => [k, String(v).replace(/\$\{(\w+):-([^}]*)\}/g, '$2')]));
      const config = loadConfig(env);
      expect(config.databaseUrl).toMatch(/@postgres:5432\//);
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.mail.smtpUrl).toBe('smtp://mailpit:1025');
    }
  });

  it('registers exactly the search attributes the workflows use', () => {
    const script = fs.readFileSync(path.join(root, 'deploy/temporal/scripts/create-namespace.sh'), 'utf8');
    const listed = [...script.matchAll(/(Sla\w+)=(\w+)/g)].map((m) => `${m[1]}=${m[2]}`).sort();
    const expected = allSlaSearchAttributes.map((k) => `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`).sort();
    expect(listed).toEqual(expected);
  });
});
