import { describe, expect, it } from 'vitest';
import { evaluateCondition, validateCondition } from '../../src/sla/conditions.js';
import { selectItems } from '../../src/sla/select-items.js';

const premiumHigh = {
  and: [
    { field: 'serviceLevel', op: 'in', value: ['premium', 'enterprise'] },
    { field: 'priority', op: 'equals', value: 'high' },
  ],
};

describe('SLA condition language', () => {
  it('accepts the reference tier conditions', () => {
    expect(validateCondition(premiumHigh)).toEqual([]);
    expect(validateCondition({ not: { field: 'priority', op: 'equals', value: 'high' } })).toEqual([]);
    expect(validateCondition(null)).toEqual([]);
  });

  it('names an unknown field with its path', () => {
    const problems = validateCondition({ and: [{ field: 'priority', op: 'equals', value: 'high' }, { field: 'colour', op: 'equals', value: 'red' }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '/and/1/field', code: 'UNKNOWN_FIELD' });
    expect(problems[0].message).toContain('colour');
  });

  it('names an unknown operator, both as comparison op and as combinator', () => {
    expect(validateCondition({ field: 'priority', op: 'like', value: 'h%' })[0]).toMatchObject({ path: '/op', code: 'UNKNOWN_OPERATOR' });
    expect(validateCondition({ xor: [] })[0]).toMatchObject({ code: 'UNKNOWN_OPERATOR' });
    expect(validateCondition({ xor: [] })[0].message).toContain('xor');
  });

  it('rejects a value that the field cannot take', () => {
    expect(validateCondition({ field: 'priority', op: 'equals', value: 'urgent' })[0]).toMatchObject({ path: '/value', code: 'INVALID_VALUE' });
    expect(validateCondition({ field: 'serviceLevel', op: 'greater_than', value: 'standard' })[0]).toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('orders priority for greater/less than', () => {
    const c = { field: 'priority', op: 'greater_than', value: 'low' };
    expect(evaluateCondition(c, { priority: 'normal' })).toBe(true);
    expect(evaluateCondition(c, { priority: 'low' })).toBe(false);
  });

  it('reads free-form case fields and treats empty as not set', () => {
    expect(evaluateCondition({ field: 'fields.vip', op: 'equals', value: true }, { fields: { vip: true } })).toBe(true);
    expect(evaluateCondition({ field: 'product', op: 'is_set' }, { product: '' })).toBe(false);
    expect(evaluateCondition({ field: 'firstResponseAt', op: 'is_set' }, { firstResponseAt: new Date() })).toBe(true);
  });

  it('chooses the first applicable item per KPI in order', () => {
    const items = [
      { id: 'std-fr', kpi: 'first_response', position: 3, applicableWhen: { field: 'serviceLevel', op: 'equals', value: 'standard' } },
      { id: 'ph-fr', kpi: 'first_response', position: 1, applicableWhen: premiumHigh },
      { id: 'p-fr', kpi: 'first_response', position: 2, applicableWhen: { field: 'serviceLevel', op: 'in', value: ['premium', 'enterprise'] } },
      { id: 'any-res', kpi: 'resolve', position: 4, applicableWhen: null },
    ];
    const picked = selectItems(items, { serviceLevel: 'premium', priority: 'high' });
    expect(picked.get('first_response')?.id).toBe('ph-fr');
    expect(picked.get('resolve')?.id).toBe('any-res');
    expect(selectItems(items, { serviceLevel: 'premium', priority: 'low' }).get('first_response')?.id).toBe('p-fr');
    expect(selectItems(items, { serviceLevel: 'gold' }).has('first_response')).toBe(false);
  });
});
