import { describe, expect, it } from 'vitest';
import { coverageProblem, coverageWindow, entitlementStatus, rankCandidates, termsToUnits, unitsToTerms, type Candidate } from '../../src/entitlements/rules.js';

const e = { state: 'activated' as const, startDate: '2025-01-01', endDate: '2025-06-30' };

describe('entitlement status derived from the clock and the UTC dates', () => {
  it('is waiting before the start date, active through the whole end date, expired after it', () => {
    expect(entitlementStatus(e, new Date('2024-12-31T23:59:59.999Z'))).toBe('waiting');
    expect(entitlementStatus(e, new Date('2025-01-01T00:00:00.000Z'))).toBe('active');
    expect(entitlementStatus(e, new Date('2025-06-30T23:59:59.999Z'))).toBe('active');
    expect(entitlementStatus(e, new Date('2025-07-01T00:00:00.000Z'))).toBe('expired');
  });

  it('keeps draft and cancelled whatever the date', () => {
    expect(entitlementStatus({ ...e, state: 'draft' }, new Date('2025-03-01T00:00:00Z'))).toBe('draft');
    expect(entitlementStatus({ ...e, state: 'cancelled' }, new Date('2025-03-01T00:00:00Z'))).toBe('cancelled');
  });

  it('does not depend on the host time zone: a +14:00 evening is still the UTC day', () => {
    expect(entitlementStatus(e, new Date('2025-07-01T09:00:00+14:00'))).toBe('active'); // 2025-06-30T19:00Z
  });

  it('covers from startDate 00:00Z up to (excluding) the day after endDate', () => {
    expect(coverageWindow(e)).toEqual({ from: new Date('2025-01-01T00:00:00Z'), until: new Date('2025-07-01T00:00:00Z') });
  });
});

describe('terms in exact units', () => {
  it('keeps hours as whole minutes: 0.75 h is 45 minutes, 7.5 h is 450', () => {
    expect(termsToUnits('hours', 0.75)).toBe(45);
    expect(termsToUnits('hours', 7.5)).toBe(450);
    expect(termsToUnits('hours', 1.1)).toBe(66);
    expect(unitsToTerms('hours', 45)).toBe(0.75);
  });

  it('refuses fractions of a minute and fractions of a case', () => {
    expect(termsToUnits('hours', 0.001)).toBeUndefined();
    expect(termsToUnits('cases', 2.5)).toBeUndefined();
    expect(termsToUnits('cases', 10)).toBe(10);
  });
});

describe('coverage by channel and product', () => {
  it('covers every channel without channel terms, only the listed channels with them', () => {
    expect(coverageProblem({ products: [], channels: [] }, 'email', null)).toBeUndefined();
    expect(coverageProblem({ products: [], channels: ['phone'] }, 'phone', null)).toBeUndefined();
    expect(coverageProblem({ products: [], channels: ['phone'] }, 'email', null)).toBe('channel');
  });

  it('matches products without regard to case and spaces; a case without product is not covered by a product list', () => {
    expect(coverageProblem({ products: ['Surface Pro'], channels: [] }, 'web', ' surface pro ')).toBeUndefined();
    expect(coverageProblem({ products: ['Surface Pro'], channels: [] }, 'web', 'Xbox')).toBe('product');
    expect(coverageProblem({ products: ['Surface Pro'], channels: [] }, 'web', null)).toBe('product');
  });
});

describe('ranking of candidate entitlements', () => {
  const base: Candidate = {
    id: '00000000-0000-0000-0000-000000000001',
    level: 'account',
    isDefault: false,
    products: [],
    channels: [],
    restrictCaseCreation: false,
    endDate: '2025-12-31',
    createdAt: new Date('2025-01-01T00:00:00Z'),
    totalRemaining: 5,
    channelRemaining: undefined,
  };
  const c = (over: Partial<Candidate>): Candidate => ({ ...base, ...over });
  const first = (...cands: Candidate[]) => rankCandidates(cands)[0].id;

  it('prefers one with terms left over an exhausted default', () => {
    expect(first(c({ id: 'default', isDefault: true, totalRemaining: 0 }), c({ id: 'other' }))).toBe('other');
  });

  it('prefers the contact’s own over the account’s, then the default, then product- and channel-specific', () => {
    expect(first(c({ id: 'account', isDefault: true }), c({ id: 'contact', level: 'contact' }))).toBe('contact');
    expect(first(c({ id: 'plain' }), c({ id: 'default', isDefault: true }))).toBe('default');
    expect(first(c({ id: 'plain' }), c({ id: 'product', products: ['x'] }))).toBe('product');
    expect(first(c({ id: 'plain' }), c({ id: 'channel', channels: ['phone'] }))).toBe('channel');
  });

  it('uses terms that expire first, and among exhausted ones one that does not refuse the case', () => {
    expect(first(c({ id: 'late', endDate: '2026-01-01' }), c({ id: 'soon', endDate: '2025-06-01' }))).toBe('soon');
    expect(first(c({ id: 'restricts', totalRemaining: 0, restrictCaseCreation: true }), c({ id: 'lenient', totalRemaining: 0, level: 'account' }))).toBe('lenient');
  });

  it('counts an exhausted channel as no terms left even with total left', () => {
    expect(first(c({ id: 'phone-out', channels: ['phone'], channelRemaining: 0 }), c({ id: 'generic' }))).toBe('generic');
  });
});
