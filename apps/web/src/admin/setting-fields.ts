import { readPath } from '../ui/dotted-path.ts';

export interface SettingField {
  /** The setting's path in the rule settings. */
  path: string;
  label: string;
  unit: string;
}

const field = (path: string, label: string, unit: string): SettingField => ({ path, label, unit });

/** The settings a clinic most often tunes, by their path in the rule settings; all are numbers. */
export const SETTING_GROUPS: { title: string; fields: SettingField[] }[] = [
  {
    title: 'Acute treatment',
    fields: [
      field('acute.delayedAfterDays', 'Acute treatment delayed after', 'days from onset'),
      field('acute.untreatedAfterDays', 'Attack untreated after', 'days from onset'),
      field('attackClusterDays', 'Attacks with onsets less than this apart are one attack', 'days'),
      field('acute.ivmpMinimumDays', 'Shortest full IVMP course', 'days'),
      field('acute.ivmpMinimumDailyDoseMg', 'Lowest full IVMP daily dose', 'mg'),
      field('acute.plexMinimumSessions', 'Fewest plasma-exchange sessions in a full course', 'sessions'),
      field('acute.plexDelayedAfterDays', 'Severe attack: plasma exchange late after', 'days from onset'),
    ],
  },
  {
    title: 'Monitoring intervals',
    fields: [
      field('monitoring.edssIntervalDays', 'EDSS every', 'days'),
      field('monitoring.mriIntervalDays', 'MRI every', 'days'),
      field('monitoring.mriAfterAttackDays', 'MRI after an attack within', 'days from onset'),
      field('monitoring.visualIntervalDays', 'Visual exam every', 'days'),
      field('monitoring.visualIntervalAfterOpticNeuritisDays', 'Visual exam after optic neuritis every', 'days'),
      field('monitoring.opticNeuritisFollowUpDays', '…for this long after optic neuritis', 'days'),
      field('monitoring.aqp4RetestWithinDays', 'AQP4 retest after a seronegative attack within', 'days'),
    ],
  },
  {
    title: 'B-cell therapy',
    fields: [
      field('rituximab.redosingIntervalDays', 'Rituximab redosing interval', 'days'),
      field('rituximab.cd19PercentThreshold', 'CD19+ repopulation threshold', '% of lymphocytes'),
      field('rituximab.memoryBPercentThresholdFirstTwoYears', 'Memory B threshold, first 2 years', '% of lymphocytes'),
      field('rituximab.memoryBPercentThresholdLater', 'Memory B threshold, later', '% of lymphocytes'),
      field('rituximab.countValidDays', 'A depleted B-cell count defers redosing for', 'days'),
      field('bCellTherapy.redosingIntervalDays.ocrelizumab', 'Ocrelizumab redosing interval', 'days'),
      field('bCellTherapy.redosingIntervalDays.inebilizumab', 'Inebilizumab redosing interval', 'days'),
      field('bCellTherapy.redosingIntervalDays.ofatumumab', 'Ofatumumab dosing interval', 'days'),
      field('bCellTherapy.carryOverDays.rituximab', 'Rituximab still protects after the last dose for', 'days'),
      field('bCellTherapy.carryOverDays.ocrelizumab', 'Ocrelizumab still protects after the last dose for', 'days'),
      field('bCellTherapy.carryOverDays.ofatumumab', 'Ofatumumab still protects after the last dose for', 'days'),
      field('bCellTherapy.carryOverDays.inebilizumab', 'Inebilizumab still protects after the last dose for', 'days'),
      field('lowIggMgDl', 'Low IgG below', 'mg/dL'),
    ],
  },
  {
    title: 'Therapy safety',
    fields: [
      field('therapy.successorWithinDays', 'Successor therapy expected within', 'days'),
      field('therapy.meningococcalLeadDays', 'Meningococcal vaccination before complement inhibitor', 'days'),
      field('therapy.maintenanceAfterAttacks.mogad', 'Maintenance expected in MOGAD from attack', 'attacks'),
      field(
        'therapy.maintenanceAfterAttacks.other_or_uncertain',
        'Maintenance expected, uncertain diagnosis, from attack',
        'attacks',
      ),
      field('therapy.taperStartWithinDays', 'Prednisone started after an attack within this is a taper', 'days'),
      field('therapy.taperMaxDays', '…while it has lasted at most', 'days'),
    ],
  },
  {
    title: 'Dose schedules (a dose is overdue after its due day plus the grace)',
    fields: (
      [
        ['eculizumab', 'Eculizumab'],
        ['ravulizumab', 'Ravulizumab'],
        ['satralizumab', 'Satralizumab'],
        ['tocilizumab', 'Tocilizumab'],
        ['inebilizumab', 'Inebilizumab'],
        ['ocrelizumab', 'Ocrelizumab'],
        ['ofatumumab', 'Ofatumumab'],
        ['ivig_maintenance', 'Maintenance IVIG'],
      ] as const
    ).flatMap(([agent, name]) => [
      field(`dosing.${agent}.intervalDays`, `${name}: maintenance dose every`, 'days'),
      field(`dosing.${agent}.graceDays`, `${name}: grace after the due day`, 'days'),
    ]),
  },
  {
    title: 'Pregnancy',
    fields: [
      field('pregnancy.durationDays', 'A pregnancy with no end recorded lasts', 'days from its start'),
      field('pregnancy.postpartumDays', 'High-risk window after a pregnancy ends', 'days'),
      field('pregnancy.postpartumEdssIntervalDays', 'EDSS every, in the postpartum window', 'days'),
      field('pregnancy.conceptionWithinDays', 'A stop for pregnancy waits for one for', 'days'),
      field('pregnancy.washoutDays.mycophenolate', 'Mycophenolate washout before conception', 'days'),
      field('pregnancy.washoutDays.methotrexate', 'Methotrexate washout before conception', 'days'),
    ],
  },
  {
    title: 'Complement inhibitors',
    fields: [
      field('complement.menacwyBoosterIntervalDays', 'MenACWY booster every', 'days'),
      field('complement.menbFirstBoosterDays', 'First MenB booster after the primary series', 'days'),
      field('complement.menbBoosterIntervalDays', 'Later MenB boosters every', 'days'),
    ],
  },
  {
    title: 'Infection screening and lab schedules',
    fields: [
      field('infectionScreening.tuberculinPositiveMm', 'Tuberculin skin test positive from', 'mm'),
      field('infectionScreening.hbvRiskAfterTherapyDays', 'Hepatitis B positive: act until after the therapy', 'days'),
      field('labSchedules.azathioprine.maxMgPerKgPerDay', 'Azathioprine highest dose', 'mg/kg/day'),
      field(
        'labSchedules.azathioprine.intermediateMaxShare',
        '…with intermediate TPMT/NUDT15, at most this share',
        'of it',
      ),
    ],
  },
  {
    title: 'Research privacy',
    fields: [field('research.smallCellThreshold', 'Researchers see no group smaller than', 'patients')],
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
