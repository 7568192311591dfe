import { readPath } from '../patient/records/form-values.ts';

/** The settings a clinic most often tunes, by their path in the rule settings; all are numbers. */
export const SETTING_GROUPS: { title: string; fields: { path: string; label: string; unit: string }[] }[] = [
  {
    title: 'Acute treatment',
    fields: [
      { path: 'acute.delayedAfterDays', label: 'Acute treatment delayed after', unit: 'days from onset' },
      { path: 'acute.untreatedAfterDays', label: 'Attack untreated after', unit: 'days from onset' },
      { path: 'attackClusterDays', label: 'Attacks with onsets less than this apart are one attack', unit: 'days' },
      { path: 'acute.ivmpMinimumDays', label: 'Shortest full IVMP course', unit: 'days' },
      { path: 'acute.ivmpMinimumDailyDoseMg', label: 'Lowest full IVMP daily dose', unit: 'mg' },
      {
        path: 'acute.plexMinimumSessions',
        label: 'Fewest plasma-exchange sessions in a full course',
        unit: 'sessions',
      },
      {
        path: 'acute.plexDelayedAfterDays',
        label: 'Severe attack: plasma exchange late after',
        unit: 'days from onset',
      },
    ],
  },
  {
    title: 'Monitoring intervals',
    fields: [
      { path: 'monitoring.edssIntervalDays', label: 'EDSS every', unit: 'days' },
      { path: 'monitoring.mriIntervalDays', label: 'MRI every', unit: 'days' },
      { path: 'monitoring.mriAfterAttackDays', label: 'MRI after an attack within', unit: 'days from onset' },
      { path: 'monitoring.visualIntervalDays', label: 'Visual exam every', unit: 'days' },
      {
        path: 'monitoring.visualIntervalAfterOpticNeuritisDays',
        label: 'Visual exam after optic neuritis every',
        unit: 'days',
      },
      { path: 'monitoring.opticNeuritisFollowUpDays', label: '…for this long after optic neuritis', unit: 'days' },
      {
        path: 'monitoring.aqp4RetestWithinDays',
        label: 'AQP4 retest after a seronegative attack within',
        unit: 'days',
      },
    ],
  },
  {
    title: 'B-cell therapy',
    fields: [
      { path: 'rituximab.redosingIntervalDays', label: 'Rituximab redosing interval', unit: 'days' },
      { path: 'rituximab.cd19PercentThreshold', label: 'CD19+ repopulation threshold', unit: '% of lymphocytes' },
      {
        path: 'rituximab.memoryBPercentThresholdFirstTwoYears',
        label: 'Memory B threshold, first 2 years',
        unit: '% of lymphocytes',
      },
      { path: 'rituximab.memoryBPercentThresholdLater', label: 'Memory B threshold, later', unit: '% of lymphocytes' },
      { path: 'rituximab.countValidDays', label: 'A B-cell count stays recent for', unit: 'days' },
      { path: 'bCellTherapy.redosingIntervalDays.ocrelizumab', label: 'Ocrelizumab redosing interval', unit: 'days' },
      { path: 'bCellTherapy.redosingIntervalDays.inebilizumab', label: 'Inebilizumab redosing interval', unit: 'days' },
      { path: 'bCellTherapy.redosingIntervalDays.ofatumumab', label: 'Ofatumumab dosing interval', unit: 'days' },
      {
        path: 'bCellTherapy.carryOverDays.rituximab',
        label: 'Rituximab still protects after the last dose for',
        unit: 'days',
      },
      {
        path: 'bCellTherapy.carryOverDays.ocrelizumab',
        label: 'Ocrelizumab still protects after the last dose for',
        unit: 'days',
      },
      {
        path: 'bCellTherapy.carryOverDays.ofatumumab',
        label: 'Ofatumumab still protects after the last dose for',
        unit: 'days',
      },
      {
        path: 'bCellTherapy.carryOverDays.inebilizumab',
        label: 'Inebilizumab still protects after the last dose for',
        unit: 'days',
      },
      { path: 'lowIggMgDl', label: 'Low IgG below', unit: 'mg/dL' },
    ],
  },
  {
    title: 'Therapy safety',
    fields: [
      { path: 'therapy.successorWithinDays', label: 'Successor therapy expected within', unit: 'days' },
      {
        path: 'therapy.meningococcalLeadDays',
        label: 'Meningococcal vaccination before complement inhibitor',
        unit: 'days',
      },
      {
        path: 'therapy.maintenanceAfterAttacks.mogad',
        label: 'Maintenance expected in MOGAD from attack',
        unit: 'attacks',
      },
      {
        path: 'therapy.maintenanceAfterAttacks.other_or_uncertain',
        label: 'Maintenance expected, uncertain diagnosis, from attack',
        unit: 'attacks',
      },
      {
        path: 'therapy.taperStartWithinDays',
        label: 'Prednisone started after an attack within this is a taper',
        unit: 'days',
      },
      { path: 'therapy.taperMaxDays', label: '…while it has lasted at most', unit: 'days' },
    ],
  },
  {
    title: 'Research privacy',
    fields: [
      {
        path: 'research.smallCellThreshold',
        label: 'Researchers see no group smaller than',
        unit: 'patients',
      },
    ],
  },
];

/** A setting's value by its path in the rule settings. */
export const readSetting = readPath;

/**
 * The overrides to store: the existing ones (settings this page does not show are kept), with each
 * shown field set when it differs from the default and removed when it equals it.
 */
export function mergeOverrides(
  existing: Record<string, unknown>,
  defaults: unknown,
  values: Record<string, string>,
): Record<string, unknown> {
  const result = structuredClone(existing);
  for (const [path, text] of Object.entries(values)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node = result;
    for (const key of keys) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const value = text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;
    if (value === undefined || value === readSetting(defaults, path)) delete node[last];
    else node[last] = value;
  }
  const prune = (node: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        prune(value as Record<string, unknown>);
        if (Object.keys(value).length === 0) delete node[key];
      }
    }
  };
  prune(result);
  return result;
}
