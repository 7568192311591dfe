import type {
  AcuteTreatmentType,
  ComorbidityCode,
  Eye,
  RelapsePhenotype,
  RelapseSeverity,
  Serostatus,
  Sex,
  TherapyAgent,
  TherapyStopReason,
} from '@nmo/domain';

/**
 * The generator works in day numbers (days since 1970-01-01, `toDayNumber`) and turns them into
 * calendar dates only when it writes events, so no Date object or time zone is ever involved.
 */
export type Day = number;

export const DAYS_PER_YEAR = 365.25;

/**
 * Routine results (visits, monitoring labs) are on file in detail for the last 12 years only; older
 * ones were back-entered sparsely from paper notes, while attacks, therapies and antibody tests are
 * complete. Keeps 20-27-year histories at a sane size.
 */
const DETAILED_RECORD_DAYS = Math.round(12 * DAYS_PER_YEAR);
/** Share of older routine results that were back-entered. */
export const BACK_ENTERED_SHARE = 0.35;

export function detailedRecordsFrom(asOf: Day): Day {
  return asOf - DETAILED_RECORD_DAYS;
}

/** One attack as the course simulation produced it, before it is written as a relapse event. */
export interface Attack {
  onset: Day;
  phenotype: RelapsePhenotype;
  severity: RelapseSeverity;
  /** Eyes involved (optic neuritis only). */
  eyes: Eye[];
  treatments: AcuteTreatmentPlan[];
  /** EDSS points the attack leaves behind after recovery. */
  residualEdss: number;
  /** Extra EDSS points at the nadir, fading over about three months. */
  acuteEdss: number;
}

export interface AcuteTreatmentPlan {
  type: AcuteTreatmentType;
  start: Day;
  days?: number;
  dailyDoseMg?: number;
  sessions?: number;
}

/** One continuous period on one maintenance agent. */
export interface TherapyEpisode {
  agent: TherapyAgent;
  start: Day;
  /** Last day on the agent; null while ongoing at the as-of date. */
  stop: Day | null;
  stopReason?: TherapyStopReason;
}

export interface Course {
  attacks: Attack[];
  episodes: TherapyEpisode[];
}

/** An attack the showcase requires, placed relative to the onset or to a therapy's start. */
export interface ForcedAttack {
  /** 'onset': days after the first attack; 'therapy': days after the start of the n-th NMOSD therapy. */
  anchor: 'onset' | 'therapy';
  /** For the 'therapy' anchor: 0 for the first NMOSD maintenance agent, 1 for the second, … */
  therapyOrdinal: number;
  afterDays: number;
  phenotype?: RelapsePhenotype;
  severity?: RelapseSeverity;
  /** Force plasma exchange among the acute treatments. */
  plex?: boolean;
}

/** Decisions about treatment drawn before the course is simulated. */
export interface CarePlan {
  neverTreated: boolean;
  /** An MS drug started before the NMOSD diagnosis (misdiagnosis as MS). */
  msDrug: TherapyAgent | null;
  /** Still on the MS drug after the NMOSD diagnosis (kept wrongly). */
  msDrugKept: boolean;
  /** The first NMOSD maintenance agent; null: chosen among those on the market at the start date. */
  firstAgent: TherapyAgent | null;
  /** Days from diagnosis to the first NMOSD maintenance dose. */
  startDelayDays: number;
  /** Stops for adverse events, choice or pregnancy happen (off for showcases that need one agent). */
  randomStops: boolean;
  /** Overrides the agent's probability of a switch after a breakthrough attack. */
  switchProbability: number | null;
  forcedAttacks: ForcedAttack[];
  /** Stop the first NMOSD agent after this many days, with no successor and no restart. */
  forcedStopAfterDays: number | null;
  /** Go to AHSCT after this many failed agents (null: only by chance after many failures). */
  ahsctAfterFailures: number | null;
  /** A pregnancy placed while the first NMOSD agent is taken (showcase only: a teratogenic exposure). */
  pregnancyOnTherapy: boolean;
}

/** Decisions about monitoring and documentation drawn before the events are written. */
export interface MonitoringPlan {
  /** Target days between routine clinic visits (about 6-12 months). */
  visitIntervalDays: number;
  /** No routine visit in the last this many days before the as-of date (0: none missing). */
  visitLapseDays: number;
  visualLapseDays: number;
  labLapseDays: number;
  /** Probability that an attack has an MRI within 30 days. */
  mriAtAttack: number;
  /** Years between surveillance MRIs, or null for none. */
  surveillanceMriYears: number | null;
  hbvScreening: boolean;
  /**
   * Showcase only: anti-HBc and the IGRA positive, the IGRA taken after the first dose, and neither
   * followed up (no prophylaxis, no referral).
   */
  untreatedPositiveScreening: boolean;
  tpmtTested: boolean;
  tpmtIntermediate: boolean;
  /**
   * Showcase only: TPMT deficient yet azathioprine at the full dose, in a patient weighing about this
   * many kg (weighed before each start, care.ts), for AZATHIOPRINE_CONTRAINDICATED and AZATHIOPRINE_DOSE_HIGH.
   */
  tpmtDeficientAtKg: number | null;
  meningococcal: 'timely' | 'late' | 'missing';
  rituximabStrategy: 'fixed' | 'cd19_guided';
  lateRedosing: number;
  /**
   * The first rituximab redose is missed: given 400-450 days after the induction, with no B-cell count
   * in between, so an attack in that gap is a relapse on lapsed dosing (showcase only).
   */
  missedRedose: boolean;
  /**
   * The scheduled doses (eculizumab, satralizumab, tocilizumab…) of the last this many days before the
   * as-of date were missed while the course goes on (0: none; showcase only).
   */
  dosesMissedDays: number;
  /** No meningococcal booster is given while on a complement inhibitor (showcase only). */
  meningococcalBoostersMissed: boolean;
  /** Body weight in the 100 kg band while ravulizumab is dosed for 60 to < 100 kg (showcase only). */
  ravulizumabWrongBand: boolean;
  memoryBCells: boolean;
  iggBaseline: number;
  /** mg/dL lost per year of B-cell depletion. */
  iggDeclinePerYear: number;
  retestSeronegative: boolean;
  influenza: boolean;
  covid: boolean;
  /** EDSS worsening without any attack (rare in NMOSD: a missed attack or mis-scoring). */
  silentProgression: boolean;
}

export interface Profile {
  index: number;
  sex: Sex;
  birth: Day;
  onset: Day;
  diagnosis: Day;
  asOf: Day;
  aqp4: Serostatus;
  mog: Serostatus;
  /** Patient-level multiplier of the relapse rate (mean 1). */
  frailty: number;
  comorbidities: ComorbidityCode[];
  care: CarePlan;
  monitoring: MonitoringPlan;
}
