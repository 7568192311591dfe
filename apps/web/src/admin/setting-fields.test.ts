import { DEFAULT_RULE_SETTINGS } from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import { mergeOverrides, readSetting, SETTING_GROUPS } from './setting-fields.ts';

describe('rule settings page', () => {
  it('shows only settings that exist in the rule settings', () => {
    for (const field of SETTING_GROUPS.flatMap((group) => group.fields)) {
      expect(typeof readSetting(DEFAULT_RULE_SETTINGS, field.path), field.path).toBe('number');
    }
  });

  it('stores a changed value, drops a value equal to the default, and keeps overrides it does not show', () => {
    const existing = { onsetOfEffectDays: { rituximab: 14 }, monitoring: { mriIntervalDays: 400 } };
    const merged = mergeOverrides(existing, DEFAULT_RULE_SETTINGS, {
      'monitoring.mriIntervalDays': String(DEFAULT_RULE_SETTINGS.monitoring.mriIntervalDays),
      'monitoring.edssIntervalDays': '180',
      lowIggMgDl: '600',
    });
    expect(merged).toEqual({
      onsetOfEffectDays: { rituximab: 14 },
      monitoring: { edssIntervalDays: 180 },
      lowIggMgDl: 600,
    });
    expect(existing.monitoring.mriIntervalDays).toBe(400);
  });

  it('sends a value that is not a number as typed, for the server to name', () => {
    expect(mergeOverrides({}, DEFAULT_RULE_SETTINGS, { lowIggMgDl: 'low' })).toEqual({ lowIggMgDl: 'low' });
  });
});
