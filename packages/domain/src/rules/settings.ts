import { z } from 'zod';
import { DIAGNOSES, type Diagnosis, THERAPY_AGENTS, type TherapyAgent } from '../enums.ts';
import { SCHEDULED_AGENTS, type ScheduledAgent } from './agents.ts';

/** The anti-CD20/CD19 agents whose depletion outlasts the last dose (agents.ts B_CELL_AGENTS). */
export type BCellAgent = 'rituximab' | 'ocrelizumab' | 'ofatumumab' | 'inebilizumab';

/**
 * One agent's dose schedule (MAINTENANCE_DOSE_OVERDUE). The doses given so far (recorded
 * administrations) place the patient in it: after n doses the next is dose n + 1, due
 * `startDoseDays[n] - startDoseDays[n - 1]` days after the last dose while n is below the number of
 * start doses, else `intervalDays` after it. Counting from the last dose given (not from the first)
 * follows the labels' rule for a late dose: give it, then resume the interval from it (OCREVUS, KESIMPTA).
 */
export interface DoseSchedule {
  /**
   * The days of the start (induction or loading) doses counted from the first dose, 0 first, as the
   * label states them, up to the last one before the regular interval begins.
   */
  startDoseDays: number[];
  /** Days between doses once the start doses are given. */
  intervalDays: number;
  /** A dose is overdue from the day after its due day plus this many days (the label's window). */
  graceDays: number;
}

/**
 * Every number the rules use, with its default and where the default comes from. A clinic
 * overrides any part (stored in the database, or `pnpm nmo flags --settings FILE`); see
 * `resolveRuleSettings`. Days are calendar days.
 */
export interface RuleSettings {
  acute: {
    /**
     * First acute treatment (IVMP or PLEX, see `ivigCountsAsAcuteTreatment`) later than this many days
     * after onset is delayed (guideline: "beyond 2 weeks" worsens outcome).
     */
    delayedAfterDays: number;
    /**
     * No acute treatment (IVMP or PLEX) recorded by this many days after onset: the attack is untreated
     * and the flag prompts treatment. Default 4: in AQP4-IgG and MOG-IgG optic neuritis the best cut-off
     * of onset to IVMP for visual recovery was ≤ 4 days, and IVMP after day 7 gave an OR of 10 for
     * failing to regain 20/30 (Stiebel-Kalish et al., Neurol Neuroimmunol Neuroinflamm 2019;6:e572,
     * PMID 31355308); complete improvement with PLEX falls with each day of delay (Bonnan et al.,
     * J Neurol Neurosurg Psychiatry 2018;89:346-351, PMID 29030418).
     */
    untreatedAfterDays: number;
    /** IVMP shorter than this is a short course (guideline: 1000 mg/day for 3-5 days). */
    ivmpMinimumDays: number;
    ivmpMinimumDailyDoseMg: number;
    /**
     * Whether IVIG counts as acute attack treatment (ends UNTREATED_RELAPSE, dates the first treatment
     * of ACUTE_TREATMENT_DELAYED). Default false: attack therapy in NMOSD is high-dose IVMP and
     * apheresis (plasma exchange or immunoadsorption); IVIG is not a standard attack therapy
     * (Kümpfel et al., NEMOS recommendations Part II, J Neurol 2024;271:141-176,
     * doi:10.1007/s00415-023-11910-z). A clinic that uses it (e.g. where apheresis is unavailable)
     * sets true. An oral steroid taper never counts.
     */
    ivigCountsAsAcuteTreatment: boolean;
    /**
     * A plasma-exchange course with fewer recorded sessions than this is short. Default 5: 5-7 exchanges
     * every other day for an NMOSD attack (ASFA guidelines, Padmanabhan et al., J Clin Apher 2019;34:
     * 171-354, doi:10.1002/jca.21705; 7 exchanges in the sham-controlled trial of Weinshenker et al.,
     * Ann Neurol 1999;46:878-886, PMID 10589540).
     */
    plexMinimumSessions: number;
    /**
     * A severe attack whose first PLEX started later than this many days after onset had PLEX late.
     * Default 7: PLEX should follow at the latest a failed 5-day IVMP course started promptly; complete
     * improvement fell continuously from 50% with PLEX at day 0 to 1-5% after day 20, median delay
     * 7 days (Bonnan et al., J Neurol Neurosurg Psychiatry 2018;89:346-351, PMID 29030418). Clinic setting.
     */
    plexDelayedAfterDays: number;
  };
  /**
   * Days from a maintenance therapy's start until it is taken to protect: an attack inside the window
   * is EARLY_RELAPSE_ON_THERAPY, after it BREAKTHROUGH_RELAPSE. No consensus numbers exist
   * (no consensus number exists: Kümpfel et al., NEMOS 2024); defaults follow each agent's mechanism and labels: B-cell depletion
   * within weeks (rituximab attacks within 1 month of the first infusion are common, 2.2),
   * complement and IL-6 blockade within weeks, antimetabolites only after 3-6 months.
   */
  onsetOfEffectDays: Record<TherapyAgent, number>;
  therapy: {
    /** A maintenance therapy stopped with no successor within this many days is discontinued. */
    successorWithinDays: number;
    /** Meningococcal ACWY and B vaccination at least this many days before the first complement-inhibitor dose (label: 2 weeks). */
    meningococcalLeadDays: number;
    /**
     * The number of attacks after which maintenance immunotherapy is expected, per working diagnosis
     * (NO_MAINTENANCE_THERAPY). AQP4-IgG-positive NMOSD 1: a relapsing disease, maintenance after the
     * first attack (Kümpfel et al., NEMOS recommendations part II, J Neurol 2024;271:141-176).
     * Seronegative NMOSD 1: treated like AQP4-positive NMOSD (same recommendations). MOGAD 2: monophasic
     * in a large share of patients (Banwell et al., Lancet Neurol 2023, doi:10.1016/S1474-4422(22)00431-8;
     * relapsing in 55% of a UK cohort, Huda et al., BMJ Open 2021, doi:10.1136/bmjopen-2021-055392), so
     * maintenance usually follows a relapse. Other or uncertain 2: a relapsing inflammatory course calls for
     * maintenance whatever its final name (clinic setting).
     */
    maintenanceAfterAttacks: Record<Diagnosis, number>;
    /**
     * An oral prednisone course started within this many days after an attack's onset is that attack's
     * steroid taper, not maintenance (rules/therapy/taper.ts). Tapers follow IV methylprednisolone
     * directly (Trewin et al., J Neurol Neurosurg Psychiatry 2024, PMID 38744459: at least 12.5 mg/day
     * for at least 3 months after a MOGAD onset attack); 30 days is a clinic setting that leaves room
     * for a late start.
     */
    taperStartWithinDays: number;
    /**
     * …while it has lasted at most this many days: a steroid bridge covers the 3-6 months an
     * azathioprine or mycophenolate start needs (Kümpfel et al., NEMOS Part II, J Neurol 2024); a
     * course longer than 6 months (183 days) is low-dose steroid maintenance.
     */
    taperMaxDays: number;
  };
  rituximab: {
    /** Redose when no infusion for longer than this without a depleted count (protocol: 6 months). */
    redosingIntervalDays: number;
    /** CD19+ as % of lymphocytes above which B cells have returned (protocol: 0.1%). */
    cd19PercentThreshold: number;
    /** CD19+CD27+ memory B cells, % of lymphocytes, in the first 2 years of treatment and after. */
    memoryBPercentThresholdFirstTwoYears: number;
    memoryBPercentThresholdLater: number;
    /**
     * A count at or below threshold (continued depletion) defers redosing by time for this many days (it
     * has to be after the last infusion too). A count above threshold needs no such window: it stays
     * until a redose or a later count at or below threshold.
     */
    countValidDays: number;
  };
  /** IgG under this (mg/dL) on B-cell therapy is low (lower limit of normal, PMC5937879). */
  lowIggMgDl: number;
  monitoring: {
    edssIntervalDays: number;
    mriIntervalDays: number;
    /**
     * An attack should have an MRI from its onset day to this many days after it (an MRI before the
     * onset does not show the attack). Clinic setting: no NMOSD number is published.
     */
    mriAfterAttackDays: number;
    visualIntervalDays: number;
    /** The shorter visual-exam interval that applies after an optic neuritis attack… */
    visualIntervalAfterOpticNeuritisDays: number;
    /** …for this many days after its onset (OCT after optic neuritis: PMC5833887). */
    opticNeuritisFollowUpDays: number;
    /** A seronegative patient's attack should be followed by an AQP4 retest within this many days. */
    aqp4RetestWithinDays: number;
    azathioprine: {
      bloodCountIntervalDays: number;
      liverTestIntervalDays: number;
      initialBloodCountIntervalDays: number;
      initialPhaseDays: number;
    };
    mycophenolate: {
      bloodCountIntervalDays: number;
      liverTestIntervalDays: number;
      initialBloodCountIntervalDays: number;
      initialLiverTestIntervalDays: number;
      initialPhaseDays: number;
    };
  };
  edssWorsening: {
    /** 'roving': the baseline moves to each confirmed new level; 'fixed': the first assessment. */
    baseline: 'fixed' | 'roving';
    /** Confirmation at least this many days after the event (msprog default: 12 weeks). */
    confirmationDays: number;
    /** Tolerance around the confirmation date: earlier by at most `before`, later by at most `after` days. */
    confirmationToleranceBeforeDays: number;
    confirmationToleranceAfterDays: number;
    /**
     * Attacks within this many days before the event make it relapse-associated (msprog's relapse
     * influence, 30 days in its README example; its newer `relapse_assoc` default is 90: a clinic setting).
     */
    relapseWindowBeforeEventDays: number;
    /** Confirmation must not fall within this many days after an attack (msprog: 30 days). */
    relapseWindowBeforeConfirmationDays: number;
    /** Minimum increase: from 0; from 1.0 (the next EDSS step) up to (below) `highBaselineFrom`; from `highBaselineFrom` up. */
    increaseFromZero: number;
    increaseFromLow: number;
    increaseFromHigh: number;
    highBaselineFrom: number;
  };
  /**
   * Attack identity, for every rule and the ARR: an attack record whose onset is less than this many
   * days after the onset of the first record of an attack (29 days apart: one attack; 30: two) is the
   * same clinical attack. The 30-day separation between the onsets of two attacks is the McDonald
   * convention (McDonald et al., Ann Neurol 2001;50:121-127, doi:10.1002/ana.1032), used in NMOSD
   * cohorts and trials too; no NMOSD-specific consensus number exists, so it is a clinic setting.
   */
  attackClusterDays: number;
  /**
   * Anti-CD20/CD19 therapies (rituximab, ocrelizumab, ofatumumab, inebilizumab): how long one dose
   * protects, and when dosing has lapsed.
   */
  bCellTherapy: {
    /**
     * B-cell depletion outlasts a stop: the course is taken to protect until this many days after its
     * last recorded dose (else its first dose), even when stopped earlier. B cells begin to recover
     * about 6 months after rituximab (RITUXAN label, section 12.2) and the UPLIZNA and OCREVUS labels
     * ask for contraception for 6 months after the last dose: 183 days for each.
     */
    carryOverDays: Record<BCellAgent, number>;
    /**
     * Dosing has lapsed when the last dose is longer ago than this (rituximab uses
     * `rituximab.redosingIntervalDays`): ocrelizumab every 6 months (OCREVUS label), inebilizumab every
     * 6 months (UPLIZNA label), ofatumumab monthly (KESIMPTA label; 31 days, the longest month).
     */
    redosingIntervalDays: Record<Exclude<BCellAgent, 'rituximab'>, number>;
  };
  /**
   * When a flag stops being something to act on (docs/rules.md, "Lifecycle"). Flags resolved by a
   * later record need no number; these are the windows after which a finding that nothing resolved
   * expires and stays only as a record of the quality of care.
   */
  lifecycle: {
    /**
     * Acute care of an attack (treat, escalate to PLEX, complete a short IVMP course) can still be
     * given until this many days after onset. Clinic setting; complete improvement with PLEX falls
     * to 1-5% when it starts after day 20 (Bonnan et al., J Neurol Neurosurg Psychiatry 2018,
     * PMID 29030418), and 30 days leaves room beyond that.
     */
    acutePhaseDays: number;
    /**
     * An attack left without an MRI around its onset can still be imaged for this many days after
     * onset. No NMOSD number is published: a clinic setting.
     */
    attackImagingDays: number;
    /**
     * A plasma-exchange course lasts about this long (5-7 exchanges every other day; ASFA guidelines,
     * Padmanabhan et al., J Clin Apher 2019, doi:10.1002/jca.21705): eculizumab supplemental doses
     * can be given during it.
     */
    plexCourseDays: number;
    /**
     * A confirmed EDSS worsening not followed by a change of maintenance treatment stays open for
     * review this long after its confirmation (one EDSS interval), then expires. Clinic setting.
     */
    worseningReviewDays: number;
    /** Informational findings (a long lesion, AHSCT) stay open for review this long. Clinic setting. */
    findingReviewDays: number;
  };
  research: {
    /**
     * Counts of fewer patients than this are suppressed for researchers, and researchers' exports and
     * statistics cover only groups of at least this many (docs/SECURITY.md). Default 5: the minimum
     * cell count of OHDSI/DARWIN EU studies (omopgenerics, "Minimum cell count suppression"); CMS and
     * HCUP data use agreements require 11 (counts 1-10 suppressed), a stricter setting.
     */
    smallCellThreshold: number;
  };
  /**
   * Dose schedules of the maintenance agents given on a fixed schedule (MAINTENANCE_DOSE_OVERDUE).
   * Rituximab is redosed by interval or B-cell count (`rituximab.*`); azathioprine, mycophenolate,
   * methotrexate and oral prednisone are taken at home daily or weekly and have no dose schedule here.
   * - eculizumab: 900 mg weekly for 4 weeks, 1200 mg for the fifth dose a week later, then 1200 mg every
   *   2 weeks (days 0, 7, 14, 21, 28, then every 14); given at these time points "or within two days"
   *   (SOLIRIS US prescribing information 2024, section 2, NMOSD dosage regimen; EU SmPC: every 14 ± 2 days): grace 2.
   * - ravulizumab: weight-based loading dose, the first maintenance dose 2 weeks later, then every 8
   *   weeks (days 0, 14, then every 56); the schedule may vary "within 7 days of the scheduled infusion
   *   day (except for the first maintenance dose)" (ULTOMIRIS US prescribing information 2024, section
   *   2): grace 7 (the first maintenance dose gets the same 7 days here).
   * - satralizumab: 120 mg at weeks 0, 2 and 4, then every 4 weeks (days 0, 14, 28, then every 28;
   *   ENSPRYNG US prescribing information 2020, section 2; self-injected at home). The label has no
   *   window (a missed dose is given as soon as possible; reloading from 8 weeks after the last dose):
   *   grace 7, a clinic setting.
   * - tocilizumab (off-label in NMOSD): 8 mg/kg IV every 4 weeks as in the TANGO trial (Zhang C et al.,
   *   Lancet Neurol 2020;19:391-401, doi:10.1016/S1474-4422(20)30070-3): every 28 days, grace 7 (clinic setting).
   * - inebilizumab: 300 mg on day 1 and 2 weeks later, then every 6 months "starting 6 months from the
   *   first infusion" (UPLIZNA US prescribing information 2020, section 2.1): days 0, 14, 183, then every
   *   183; no window in the label: grace 14, a clinic setting.
   * - ocrelizumab (off-label in NMOSD): 300 mg twice 2 weeks apart, then 600 mg every 6 months, the first
   *   6 months after the first infusion; a missed dose is given as soon as possible and the schedule reset
   *   from it (OCREVUS US prescribing information 2024, section 2): days 0, 14, 183, then every 183; grace 14 (clinic setting).
   * - ofatumumab (off-label in NMOSD): 20 mg at weeks 0, 1 and 2, then monthly from week 4; a missed dose
   *   is given as soon as possible, then at the usual interval (KESIMPTA US prescribing information 2020,
   *   section 2): days 0, 7, 14, 28, then every 31 (the longest month); grace 7 (clinic setting).
   * - maintenance IVIG: monthly (every 4 weeks); relapses were more frequent with lower and less frequent
   *   dosing (Chen JJ et al., JAMA Neurol 2022;79:518-525, doi:10.1001/jamaneurol.2022.0489): every 28
   *   days, grace 7 (clinic setting).
   * Six months are 183 days, as in `bCellTherapy.*`.
   */
  dosing: Record<ScheduledAgent, DoseSchedule>;
  /** Oral steroid bridges to slow-acting immunosuppressants (BRIDGING_STEROID_STOPPED_EARLY). */
  bridging: {
    /**
     * The agents whose onset-of-effect window (`onsetOfEffectDays`, 180 days each) an oral steroid
     * should bridge. Default azathioprine and mycophenolate: both need 3-6 months to act, so oral
     * steroids are given meanwhile (Kümpfel et al., NEMOS recommendations Part II, J Neurol
     * 2024;271:141-176, doi:10.1007/s00415-023-11910-z; prednisone while mycophenolate is titrated,
     * CD19-guided protocol, Neurol Res Int 2012, doi:10.1155/2012/460825); relapses cluster when the
     * steroid is reduced (Watanabe S et al., Mult Scler 2007;13:968-974, doi:10.1177/1352458507077189).
     * A clinic may add methotrexate.
     */
    agents: TherapyAgent[];
  };
  /** Pregnancy: teratogenic therapy, stops for pregnancy, the postpartum window. */
  pregnancy: {
    /**
     * Agents that must not be taken during a pregnancy (TERATOGENIC_THERAPY_IN_PREGNANCY, critical):
     * mycophenolate (CELLCEPT US prescribing information, boxed warning: first-trimester loss and
     * malformations; Mycophenolate REMS), methotrexate (methotrexate tablets US prescribing
     * information, boxed warning: contraindicated in pregnancy for non-neoplastic disease),
     * teriflunomide (AUBAGIO US prescribing information, boxed warning: contraindicated), and the S1P
     * modulators fingolimod, siponimod, ozanimod and ponesimod (GILENYA, MAYZENT, ZEPOSIA, PONVORY US
     * prescribing information, section 5: fetal risk, contraception while taking them). Cyclophosphamide
     * and mitoxantrone are not among the recorded agents (record them as 'other'; a clinic may add 'other').
     */
    teratogenicAgents: TherapyAgent[];
    /**
     * Days after the last day of an agent during which it still counts as present (a pregnancy starting
     * within them is exposed, warning): the contraception period each label sets after stopping.
     * Mycophenolate 6 weeks (42; CELLCEPT label, section 8.3; Mycophenolate REMS), methotrexate
     * 6 months for females (183; methotrexate tablets label, section 8.3, 2020), teriflunomide 2 years
     * without accelerated elimination (730; AUBAGIO label, section 5.1: plasma levels may take up to
     * 2 years to fall below 0.02 mg/L), fingolimod 2 months (60; GILENYA label), siponimod 10 days
     * (MAYZENT label), ozanimod 3 months (90; ZEPOSIA label), ponesimod 1 week (7; PONVORY label).
     * Agents without an entry have no washout.
     */
    washoutDays: Partial<Record<TherapyAgent, number>>;
    /**
     * A pregnancy with neither an actual nor an expected end recorded is taken to last this many days
     * from its start (the first day of the last menstrual period): 280, Naegele's rule (ACOG Committee
     * Opinion 700, Methods for estimating the due date, 2017).
     */
    durationDays: number;
    /**
     * The high-risk window after a pregnancy ends (POSTPARTUM_HIGH_RISK_WINDOW, shorter EDSS interval):
     * 90 days. The relapse rate peaks in the first 3 months postpartum: ARR 1.33 against 0.17 at
     * baseline (Klawiter EC et al., Neurology 2017;89:2238-2244, PMID 29093070); 5.3 times the
     * pre-pregnancy rate in the first 3 months after delivery and 3.7 times in the next 3 (Kim W et al.,
     * Neurology 2012;78:1264-1267), after abortion as after delivery.
     */
    postpartumDays: number;
    /**
     * The EDSS interval inside the postpartum window: 30 days (a monthly review while the relapse risk
     * is highest). No published number: a clinic setting.
     */
    postpartumEdssIntervalDays: number;
    /**
     * A therapy stopped for pregnancy (stop reason 'pregnancy') before any pregnancy is recorded is a
     * pause for this many days while conception is awaited: 365, since over 80% of couples conceive
     * within a year (NICE clinical guideline CG156, Fertility problems, 2013). A pregnancy starting
     * within them extends the pause to its end.
     */
    conceptionWithinDays: number;
  };
  /**
   * Complement inhibitors (eculizumab, ravulizumab): meningococcal protection, boosters and ravulizumab
   * dosing by weight. `therapy.meningococcalLeadDays` (14) is both the lead time of a complete series before
   * the first dose and how long after the series antibacterial prophylaxis must go on when therapy started
   * earlier (SOLIRIS and ULTOMIRIS US prescribing information, boxed warning and section 2.1: 2 weeks each).
   */
  complement: {
    /**
     * The MenACWY primary series for a person on a complement inhibitor: each later dose counts when
     * given at least this many days after the first dose of the series (one entry per later dose).
     * Default [56]: 2 doses of any MenACWY at least 8 weeks apart (ACIP, Mbaeyi SA et al., MMWR Recomm
     * Rep 2020;69(RR-9):1-41, doi:10.15585/mmwr.rr6909a1, table for complement inhibitor use).
     * A pentavalent MenABCWY dose counts as a MenACWY dose.
     */
    menacwyDaysFromFirstDose: number[];
    /**
     * The MenB primary series for a person at increased risk, per product (the two MenB products are not
     * interchangeable: a series is completed with one manufacturer's doses), days from the series' first
     * dose for each later dose. `bexsero` (MenB-4C; also PENMENVY, MenACWY-CRM/MenB-4C) and `trumenba`
     * (MenB-FHbp; also PENBRAYA, MenACWY-TT/MenB-FHbp): 3 doses at 0, 1-2 and 6 months, [30, 183]
     * (MenB-FHbp: Mbaeyi et al., ACIP 2020, doi:10.15585/mmwr.rr6909a1; MenB-4C: ACIP October 2024,
     * Schillie S et al., MMWR 2024;73:1124-1128, doi:10.15585/mmwr.mm7349a3, which replaced the 2020
     * schedule of 2 doses at least 1 month apart, [30]; PENBRAYA: Collins JP et al., MMWR
     * 2024;73:345-350, doi:10.15585/mmwr.mm7315a4). `unknownProduct`: doses whose product is not
     * recorded form a series of their own, never mixed with a named product's doses (conservative);
     * default [30, 183], the schedule both products now share for persons at increased risk.
     */
    menbDaysFromFirstDose: { bexsero: number[]; trumenba: number[]; unknownProduct: number[] };
    /**
     * A MenACWY booster is due this many days after the last MenACWY dose while the risk remains.
     * Default 1825 (5 years: ACIP 2020, Mbaeyi et al., doi:10.15585/mmwr.rr6909a1).
     */
    menacwyBoosterIntervalDays: number;
    /** The first MenB booster is due this many days after the primary series. Default 365 (1 year: ACIP 2020). */
    menbFirstBoosterDays: number;
    /**
     * Later MenB boosters are due this many days after the previous booster. Default 730: ACIP 2020
     * recommends every 2-3 years while the risk remains; the shorter end is the default (a clinic may
     * set 1095).
     */
    menbBoosterIntervalDays: number;
    /**
     * Ravulizumab intravenous doses for adults by body weight (ULTOMIRIS US prescribing information,
     * section 2, weight-based dosage regimen for NMOSD: 40 to < 60 kg 2,400 mg loading / 3,000 mg
     * maintenance; 60 to < 100 kg 2,700 / 3,300 mg; 100 kg or more 3,000 / 3,600 mg). Each band runs from
     * its `minKg` (included) to the next band's `minKg` (excluded); below the first band there is no
     * adult dose. Bands in ascending order.
     */
    ravulizumabWeightBands: { minKg: number; loadingMg: number; maintenanceMg: number }[];
  };
  /**
   * Infection screening before (and with) immunotherapy: hepatitis B and tuberculosis
   * (therapy/hbv-screening.ts, therapy/tb-screening.ts, therapy/positive-screening.ts).
   */
  infectionScreening: {
    /**
     * Agents whose first dose needs HBsAg and anti-HBc on record before it (HBV_SCREENING_MISSING), and
     * with which a positive result needs antiviral prophylaxis or a hepatology referral
     * (HBV_POSITIVE_WITHOUT_PROPHYLAXIS). Default, as the labels require: rituximab (RITUXAN boxed
     * warning), ocrelizumab (OCREVUS US prescribing information, section 2.1), ofatumumab (KESIMPTA,
     * section 2.1), inebilizumab (UPLIZNA, section 2.1) and satralizumab (ENSPRYNG, section 2.1: HBV
     * screening is required before the first dose). Not by default: tocilizumab (ACTEMRA US
     * prescribing information, section 5.1, reports viral reactivation with biologics but requires no
     * HBV screening) and eculizumab and ravulizumab (SOLIRIS and ULTOMIRIS labels: no HBV screening).
     * A clinic that screens everyone before immunosuppression (AASLD: Terrault et al., Hepatology
     * 2018;67:1560-1599) adds them.
     */
    hbvBeforeAgents: TherapyAgent[];
    /**
     * Agents whose first dose needs a tuberculosis screening test (interferon-gamma release assay or
     * tuberculin skin test) on record before it (TB_SCREENING_MISSING), and with which a positive
     * test needs treatment or an infectious-diseases referral (TB_POSITIVE_WITHOUT_TREATMENT). Default,
     * as the labels require: satralizumab (ENSPRYNG, section 2.1: evaluate for active tuberculosis and
     * test for latent infection before the first dose), inebilizumab (UPLIZNA, section 2.1) and
     * tocilizumab (ACTEMRA boxed warning: test for latent tuberculosis before use).
     */
    tbBeforeAgents: TherapyAgent[];
    /**
     * A tuberculin skin test recorded in mm without a result is positive from this induration on.
     * Default 5 mm: the cut-off for people on immunosuppressive therapy (Lewinsohn DM et al.,
     * ATS/IDSA/CDC Clinical Practice Guidelines: Diagnosis of Tuberculosis in Adults and Children,
     * Clin Infect Dis 2017;64:e1-e33, doi:10.1093/cid/ciw694; CDC, Tuberculin Skin Test).
     */
    tuberculinPositiveMm: number;
    /**
     * A positive hepatitis B result with an exposed course stays actionable until this many days after
     * the course last protects (its stop, or the end of a B-cell therapy's carry-over): the reactivation
     * risk outlasts B-cell depletion, and prophylaxis continues at least 12 months after anti-CD20
     * therapy ends (AASLD 2018 Hepatitis B Guidance, Terrault NA et al., Hepatology 2018;67:1560-1599,
     * doi:10.1002/hep.29800). Default 365.
     */
    hbvRiskAfterTherapyDays: number;
  };
  /**
   * Laboratory schedules per agent from the labels (monitoring/lab-monitoring-overdue.ts and
   * therapy/azathioprine-metabolism.ts). Days count from the course start (day 0).
   */
  labSchedules: {
    /**
     * Tests needed on or before a course's first dose. 'thiopurine_metabolism': TPMT (and NUDT15 when
     * `requireNudt15`), before azathioprine (CPIC, Relling MV et al., Clin Pharmacol Ther
     * 2019;105:1095-1105, doi:10.1002/cpt.1304; NMO protocol, Neurol Res Int 2012,
     * doi:10.1155/2012/460825: TPMT first). 'igg': quantitative serum immunoglobulins before B-cell
     * therapy (UPLIZNA, OCREVUS and KESIMPTA US prescribing information, section 2.1; rheumatology
     * consensus: baseline IgG before rituximab, Tallantyre et al., J Neurol 2018). 'transaminases':
     * ALT/AST before satralizumab (ENSPRYNG, section 2.1: liver transaminase screening is required
     * before the first dose) and tocilizumab (ACTEMRA, section 2: not recommended when ALT or AST is
     * above 1.5 times the upper limit of normal, so they are measured first).
     */
    baseline: Partial<Record<TherapyAgent, BaselineTest[]>>;
    /**
     * Whether NUDT15 is needed as well as TPMT before azathioprine. Default false (TPMT alone, as the NMO
     * protocol asks); CPIC (Relling et al. 2019) recommends both genes, NUDT15 loss-of-function alleles
     * being common in East Asian and Hispanic ancestry: a clinic serving them sets true.
     */
    requireNudt15: boolean;
    /**
     * Interval schedules per agent and panel: the first test after the start is due within
     * `firstWithinDays` (when set, else by the first phase's interval); each later one by the interval
     * of the phase the last test fell in (`phases`, each up to its `untilDay`, exclusive), then
     * `thenIntervalDays` (null: as clinically indicated, no further flag). For azathioprine and
     * mycophenolate the phases here come before `monitoring.<agent>`, which applies after them.
     * Defaults: azathioprine blood count weekly for the first 4 weeks (NMO protocol, Neurol Res Int 2012:
     * weekly x4). Mycophenolate blood count weekly in the first month, every 2 weeks in months 2-3
     * (CELLCEPT US prescribing information, section 5, blood dyscrasias: weekly in the first month,
     * twice monthly in the second and third months, then monthly through the first year).
     * Satralizumab ALT/AST every 4 weeks for the first 3 months, then every 3 months for a year, then as
     * clinically indicated; neutrophils 4 to 8 weeks after the start (by week 8), then at clinically
     * determined intervals (90 days, a clinic setting) (ENSPRYNG US prescribing information, sections
     * 5.2 and 5.3). Tocilizumab ALT/AST every 4 to 8 weeks (8) for the first 6 months, then every
     * 3 months; neutrophils 4 to 8 weeks after the start, then every 3 months (ACTEMRA US prescribing
     * information, section 5, laboratory parameters). B-cell therapies IgG every 6 months during
     * treatment (UPLIZNA, section 5: monitor immunoglobulins during treatment; quantitative
     * OCREVUS US prescribing information, section 5, reduction in immunoglobulins: monitor quantitative
     * serum immunoglobulins during treatment); 6 months, the redosing interval, is a clinic setting.
     */
    schedules: Partial<Record<TherapyAgent, Partial<Record<LabPanel, LabSchedule>>>>;
    azathioprine: {
      /**
       * Usual maximum azathioprine dose, mg per kg of the latest body weight per day: 2-3 mg/kg/day is
       * the normal starting dose (CPIC, Relling et al. 2019, table 2); 3 is the upper end.
       */
      maxMgPerKgPerDay: number;
      /**
       * With an intermediate TPMT or NUDT15 result, the dose should be at most this share of
       * `maxMgPerKgPerDay`: CPIC starts intermediate metabolizers at 30-80% of the normal dose
       * (e.g. 0.6-2.4 mg/kg/day). Default 0.8 (2.4 mg/kg/day).
       */
      intermediateMaxShare: number;
    };
  };
}

/** A test group needed before a first dose (`labSchedules.baseline`). */
export type BaselineTest = 'thiopurine_metabolism' | 'igg' | 'transaminases';
export const BASELINE_TESTS = ['thiopurine_metabolism', 'igg', 'transaminases'] as const satisfies BaselineTest[];

/** The labs monitored on a schedule (monitoring/lab-monitoring-overdue.ts PANELS). */
export const LAB_PANELS = ['blood_count', 'liver_tests', 'transaminases', 'neutrophils', 'igg'] as const;
export type LabPanel = (typeof LAB_PANELS)[number];

export interface LabSchedule {
  firstWithinDays?: number | null;
  phases: { untilDay: number; intervalDays: number }[];
  /** After the phases; absent for azathioprine and mycophenolate (their `monitoring` settings apply). */
  thenIntervalDays?: number | null;
}

const WEEK = 7;
const MONTH = 30;

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  acute: {
    delayedAfterDays: 14,
    untreatedAfterDays: 4,
    ivmpMinimumDays: 3,
    ivmpMinimumDailyDoseMg: 1000,
    ivigCountsAsAcuteTreatment: false,
    plexMinimumSessions: 5,
    plexDelayedAfterDays: 7,
  },
  onsetOfEffectDays: {
    rituximab: 30,
    inebilizumab: 30,
    ocrelizumab: 30,
    ofatumumab: 30,
    eculizumab: 14,
    ravulizumab: 14,
    satralizumab: 30,
    tocilizumab: 30,
    azathioprine: 180,
    mycophenolate: 180,
    methotrexate: 180,
    oral_prednisone: 14,
    ivig_maintenance: 30,
    interferon_beta: 90,
    natalizumab: 90,
    fingolimod: 90,
    glatiramer: 180,
    dimethyl_fumarate: 90,
    alemtuzumab: 90,
    teriflunomide: 180,
    siponimod: 90,
    ozanimod: 90,
    ponesimod: 90,
    ahsct: 90,
    other: 90,
  },
  therapy: {
    successorWithinDays: 30,
    meningococcalLeadDays: 14,
    maintenanceAfterAttacks: { nmosd_aqp4_positive: 1, nmosd_seronegative: 1, mogad: 2, other_or_uncertain: 2 },
    taperStartWithinDays: 30,
    taperMaxDays: 183,
  },
  rituximab: {
    redosingIntervalDays: 183,
    cd19PercentThreshold: 0.1,
    memoryBPercentThresholdFirstTwoYears: 0.05,
    memoryBPercentThresholdLater: 0.1,
    countValidDays: 60,
  },
  lowIggMgDl: 700,
  monitoring: {
    edssIntervalDays: 365,
    mriIntervalDays: 365,
    mriAfterAttackDays: 30,
    visualIntervalDays: 365,
    visualIntervalAfterOpticNeuritisDays: 6 * MONTH,
    opticNeuritisFollowUpDays: 730,
    aqp4RetestWithinDays: 90,
    azathioprine: {
      bloodCountIntervalDays: 2 * MONTH,
      liverTestIntervalDays: 3 * MONTH,
      initialBloodCountIntervalDays: 2 * WEEK,
      initialPhaseDays: 2 * MONTH,
    },
    mycophenolate: {
      bloodCountIntervalDays: 6 * MONTH,
      liverTestIntervalDays: 6 * MONTH,
      initialBloodCountIntervalDays: MONTH,
      initialLiverTestIntervalDays: MONTH,
      initialPhaseDays: 6 * MONTH,
    },
  },
  edssWorsening: {
    baseline: 'roving',
    confirmationDays: 12 * WEEK,
    confirmationToleranceBeforeDays: 30,
    confirmationToleranceAfterDays: 30,
    relapseWindowBeforeEventDays: 30,
    relapseWindowBeforeConfirmationDays: 30,
    increaseFromZero: 1.5,
    increaseFromLow: 1.0,
    increaseFromHigh: 0.5,
    highBaselineFrom: 5.5,
  },
  attackClusterDays: 30,
  bCellTherapy: {
    carryOverDays: { rituximab: 183, ocrelizumab: 183, ofatumumab: 183, inebilizumab: 183 },
    redosingIntervalDays: { ocrelizumab: 183, inebilizumab: 183, ofatumumab: 31 },
  },
  lifecycle: {
    acutePhaseDays: 30,
    attackImagingDays: 90,
    plexCourseDays: 14,
    worseningReviewDays: 365,
    findingReviewDays: 90,
  },
  research: { smallCellThreshold: 5 },
  dosing: {
    eculizumab: { startDoseDays: [0, WEEK, 2 * WEEK, 3 * WEEK, 4 * WEEK], intervalDays: 2 * WEEK, graceDays: 2 },
    ravulizumab: { startDoseDays: [0, 2 * WEEK], intervalDays: 8 * WEEK, graceDays: 7 },
    satralizumab: { startDoseDays: [0, 2 * WEEK, 4 * WEEK], intervalDays: 4 * WEEK, graceDays: 7 },
    tocilizumab: { startDoseDays: [0], intervalDays: 4 * WEEK, graceDays: 7 },
    inebilizumab: { startDoseDays: [0, 2 * WEEK, 183], intervalDays: 183, graceDays: 14 },
    ocrelizumab: { startDoseDays: [0, 2 * WEEK, 183], intervalDays: 183, graceDays: 14 },
    ofatumumab: { startDoseDays: [0, WEEK, 2 * WEEK, 4 * WEEK], intervalDays: 31, graceDays: 7 },
    ivig_maintenance: { startDoseDays: [0], intervalDays: 4 * WEEK, graceDays: 7 },
  },
  bridging: { agents: ['azathioprine', 'mycophenolate'] },
  pregnancy: {
    teratogenicAgents: [
      'mycophenolate',
      'methotrexate',
      'teriflunomide',
      'fingolimod',
      'siponimod',
      'ozanimod',
      'ponesimod',
    ],
    washoutDays: {
      mycophenolate: 6 * WEEK,
      methotrexate: 183,
      teriflunomide: 730,
      fingolimod: 2 * MONTH,
      siponimod: 10,
      ozanimod: 3 * MONTH,
      ponesimod: WEEK,
    },
    durationDays: 280,
    postpartumDays: 3 * MONTH,
    postpartumEdssIntervalDays: MONTH,
    conceptionWithinDays: 365,
  },
  complement: {
    menacwyDaysFromFirstDose: [8 * WEEK],
    menbDaysFromFirstDose: { bexsero: [30, 183], trumenba: [30, 183], unknownProduct: [30, 183] },
    menacwyBoosterIntervalDays: 5 * 365,
    menbFirstBoosterDays: 365,
    menbBoosterIntervalDays: 2 * 365,
    ravulizumabWeightBands: [
      { minKg: 40, loadingMg: 2400, maintenanceMg: 3000 },
      { minKg: 60, loadingMg: 2700, maintenanceMg: 3300 },
      { minKg: 100, loadingMg: 3000, maintenanceMg: 3600 },
    ],
  },
  infectionScreening: {
    hbvBeforeAgents: ['rituximab', 'ocrelizumab', 'ofatumumab', 'inebilizumab', 'satralizumab'],
    tbBeforeAgents: ['satralizumab', 'inebilizumab', 'tocilizumab'],
    tuberculinPositiveMm: 5,
    hbvRiskAfterTherapyDays: 365,
  },
  labSchedules: {
    baseline: {
      azathioprine: ['thiopurine_metabolism'],
      rituximab: ['igg'],
      ocrelizumab: ['igg'],
      ofatumumab: ['igg'],
      inebilizumab: ['igg'],
      satralizumab: ['transaminases'],
      tocilizumab: ['transaminases'],
    },
    requireNudt15: false,
    schedules: {
      azathioprine: { blood_count: { phases: [{ untilDay: 4 * WEEK, intervalDays: WEEK }] } },
      mycophenolate: {
        blood_count: {
          phases: [
            { untilDay: MONTH, intervalDays: WEEK },
            { untilDay: 3 * MONTH, intervalDays: 2 * WEEK },
          ],
        },
      },
      satralizumab: {
        transaminases: {
          phases: [
            { untilDay: 3 * MONTH, intervalDays: 4 * WEEK },
            { untilDay: 3 * MONTH + 365, intervalDays: 3 * MONTH },
          ],
          thenIntervalDays: null,
        },
        neutrophils: { firstWithinDays: 8 * WEEK, phases: [], thenIntervalDays: 3 * MONTH },
      },
      tocilizumab: {
        transaminases: { phases: [{ untilDay: 6 * MONTH, intervalDays: 8 * WEEK }], thenIntervalDays: 3 * MONTH },
        neutrophils: { firstWithinDays: 8 * WEEK, phases: [], thenIntervalDays: 3 * MONTH },
      },
      rituximab: { igg: { phases: [], thenIntervalDays: 183 } },
      ocrelizumab: { igg: { phases: [], thenIntervalDays: 183 } },
      ofatumumab: { igg: { phases: [], thenIntervalDays: 183 } },
      inebilizumab: { igg: { phases: [], thenIntervalDays: 183 } },
    },
    azathioprine: { maxMgPerKgPerDay: 3, intermediateMaxShare: 0.8 },
  },
};

const days = z.number().int().min(0).max(36_500);
const positive = z.number().positive();
const attackCount = z.number().int().min(1).max(100);
const doseSchedule = z.strictObject({
  startDoseDays: z
    .array(days)
    .min(1)
    .refine((list) => list[0] === 0 && list.every((day, i) => i === 0 || day > (list[i - 1] ?? 0)), {
      error: 'must start at 0 and increase',
    }),
  intervalDays: days.min(1),
  graceDays: days,
});
/** Days from a series' first dose at which each later dose counts, ascending (empty: one dose). */
const vaccineDoseDays = z
  .array(days)
  .max(10)
  .refine((list) => list.every((day, i) => i === 0 || day >= (list[i - 1] ?? 0)), { error: 'must be ascending' });
const agentList = z.array(z.enum(THERAPY_AGENTS));

export const ruleSettingsSchema: z.ZodType<RuleSettings> = z.strictObject({
  acute: z.strictObject({
    delayedAfterDays: days,
    untreatedAfterDays: days,
    ivmpMinimumDays: days,
    ivmpMinimumDailyDoseMg: positive,
    ivigCountsAsAcuteTreatment: z.boolean(),
    plexMinimumSessions: z.number().int().min(1).max(30),
    plexDelayedAfterDays: days,
  }),
  onsetOfEffectDays: z.strictObject(
    Object.fromEntries(THERAPY_AGENTS.map((agent) => [agent, days])) as Record<TherapyAgent, typeof days>,
  ),
  therapy: z.strictObject({
    successorWithinDays: days,
    meningococcalLeadDays: days,
    maintenanceAfterAttacks: z.strictObject(
      Object.fromEntries(DIAGNOSES.map((diagnosis) => [diagnosis, attackCount])) as Record<
        Diagnosis,
        typeof attackCount
      >,
    ),
    taperStartWithinDays: days,
    taperMaxDays: days,
  }),
  rituximab: z.strictObject({
    redosingIntervalDays: days,
    cd19PercentThreshold: positive,
    memoryBPercentThresholdFirstTwoYears: positive,
    memoryBPercentThresholdLater: positive,
    countValidDays: days,
  }),
  lowIggMgDl: positive,
  monitoring: z.strictObject({
    edssIntervalDays: days,
    mriIntervalDays: days,
    mriAfterAttackDays: days,
    visualIntervalDays: days,
    visualIntervalAfterOpticNeuritisDays: days,
    opticNeuritisFollowUpDays: days,
    aqp4RetestWithinDays: days,
    azathioprine: z.strictObject({
      bloodCountIntervalDays: days,
      liverTestIntervalDays: days,
      initialBloodCountIntervalDays: days,
      initialPhaseDays: days,
    }),
    mycophenolate: z.strictObject({
      bloodCountIntervalDays: days,
      liverTestIntervalDays: days,
      initialBloodCountIntervalDays: days,
      initialLiverTestIntervalDays: days,
      initialPhaseDays: days,
    }),
  }),
  edssWorsening: z.strictObject({
    baseline: z.enum(['fixed', 'roving']),
    confirmationDays: days,
    confirmationToleranceBeforeDays: days,
    confirmationToleranceAfterDays: days,
    relapseWindowBeforeEventDays: days,
    relapseWindowBeforeConfirmationDays: days,
    increaseFromZero: positive,
    increaseFromLow: positive,
    increaseFromHigh: positive,
    highBaselineFrom: z.number().min(0).max(10),
  }),
  attackClusterDays: days,
  bCellTherapy: z.strictObject({
    carryOverDays: z.strictObject({ rituximab: days, ocrelizumab: days, ofatumumab: days, inebilizumab: days }),
    redosingIntervalDays: z.strictObject({ ocrelizumab: days, ofatumumab: days, inebilizumab: days }),
  }),
  lifecycle: z.strictObject({
    acutePhaseDays: days,
    attackImagingDays: days,
    plexCourseDays: days,
    worseningReviewDays: days,
    findingReviewDays: days,
  }),
  research: z.strictObject({
    // 1 would publish single patients: the threshold is at least 2.
    smallCellThreshold: z.number().int().min(2, { error: 'must be at least 2' }).max(100),
  }),
  dosing: z.strictObject(
    Object.fromEntries(SCHEDULED_AGENTS.map((agent) => [agent, doseSchedule])) as Record<
      ScheduledAgent,
      typeof doseSchedule
    >,
  ),
  bridging: z.strictObject({ agents: z.array(z.enum(THERAPY_AGENTS)) }),
  pregnancy: z.strictObject({
    teratogenicAgents: z.array(z.enum(THERAPY_AGENTS)),
    washoutDays: z.partialRecord(z.enum(THERAPY_AGENTS), days),
    durationDays: z.number().int().min(1).max(320),
    postpartumDays: days,
    postpartumEdssIntervalDays: z.number().int().min(1).max(36_500),
    conceptionWithinDays: days,
  }),
  complement: z.strictObject({
    menacwyDaysFromFirstDose: vaccineDoseDays,
    menbDaysFromFirstDose: z.strictObject({
      bexsero: vaccineDoseDays,
      trumenba: vaccineDoseDays,
      unknownProduct: vaccineDoseDays,
    }),
    menacwyBoosterIntervalDays: days,
    menbFirstBoosterDays: days,
    menbBoosterIntervalDays: days,
    ravulizumabWeightBands: z
      .array(z.strictObject({ minKg: positive, loadingMg: positive, maintenanceMg: positive }))
      .min(1)
      .refine((bands) => bands.every((band, i) => i === 0 || band.minKg > (bands[i - 1]?.minKg ?? 0)), {
        error: 'bands must be in ascending order of minKg',
      }),
  }),
  infectionScreening: z.strictObject({
    hbvBeforeAgents: agentList,
    tbBeforeAgents: agentList,
    tuberculinPositiveMm: z.number().min(0).max(100),
    hbvRiskAfterTherapyDays: days,
  }),
  labSchedules: z.strictObject({
    baseline: z.partialRecord(z.enum(THERAPY_AGENTS), z.array(z.enum(BASELINE_TESTS))),
    requireNudt15: z.boolean(),
    schedules: z.partialRecord(
      z.enum(THERAPY_AGENTS),
      z.partialRecord(
        z.enum(LAB_PANELS),
        z.strictObject({
          firstWithinDays: days.nullable().optional(),
          phases: z.array(z.strictObject({ untilDay: days, intervalDays: days.min(1) })),
          thenIntervalDays: days.min(1).nullable().optional(),
        }),
      ),
    ),
    azathioprine: z.strictObject({
      maxMgPerKgPerDay: positive,
      intermediateMaxShare: z.number().positive().max(1),
    }),
  }),
});

/**
 * The defaults with a clinic's overrides laid over them (any subset, nested), validated as a whole.
 * Throws a ZodError naming the field when an override is of the wrong kind or unknown.
 */
export function resolveRuleSettings(...overrides: unknown[]): RuleSettings {
  let merged: unknown = DEFAULT_RULE_SETTINGS;
  for (const override of overrides) if (override !== undefined) merged = deepMerge(merged, override);
  return ruleSettingsSchema.parse(merged);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
