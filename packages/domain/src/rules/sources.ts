/**
 * What each rule rests on: a publication, a drug label or a guideline, named by authors or body, year
 * and PMID, DOI or document, so that a neurologist can look it up. A flag's `source` is one of these
 * strings, shown with the flag as its "why". Where no publication gives a number, the text says the
 * number is a clinic setting. A test keeps every entry a citation (no internal file names).
 */
const NEMOS_2024 =
  'Kümpfel T et al., NEMOS recommendations Part II: attack therapy and long-term management, J Neurol 2024;271:141-176, doi:10.1007/s00415-023-11910-z';
const IPND_2015 =
  'Wingerchuk DM et al., International consensus diagnostic criteria for NMOSD (IPND), Neurology 2015;85:177-189, doi:10.1212/WNL.0000000000001729';
const MS_DRUGS_REVIEW =
  'Traub J, Häusser-Kinzel S, Weber MS, Differential effects of MS therapeutics on B cells: implications for their use and failure in AQP4-positive NMOSD, Int J Mol Sci 2020;21:5021, doi:10.3390/ijms21145021';

export const SOURCES = {
  acuteTreatment: `${NEMOS_2024}: treat every attack at once with high-dose IV methylprednisolone (1 g/day for 3-5 days) and escalate early to plasma exchange; late treatment worsens the outcome`,
  plexSevere: `${NEMOS_2024}: plasma exchange early, first-line in severe attacks or after an insufficient response to steroids; Kleiter I et al., 871 attacks and 1,153 treatment courses, Ann Neurol 2016;79:206-216, doi:10.1002/ana.24554`,
  plexDelay:
    'Bonnan M et al., Short delay to initiate plasma exchange is the strongest predictor of outcome in severe attacks of NMOSD, J Neurol Neurosurg Psychiatry 2018;89:346-351, PMID 29030418: complete improvement fell from 50% with PLEX at day 0 to 1-5% after day 20',
  untreatedAttack:
    'Start attack therapy (high-dose IV methylprednisolone, apheresis if severe) as early as possible (Kümpfel et al., NEMOS recommendations Part II, J Neurol 2024;271:141-176, doi:10.1007/s00415-023-11910-z); onset to IVMP of 4 days or less was the best cut-off for visual recovery in AQP4-IgG and MOG-IgG optic neuritis, and IVMP after day 7 gave an OR of 10 for failing to regain 20/30 (Stiebel-Kalish et al., Neurol Neuroimmunol Neuroinflamm 2019;6:e572, PMID 31355308)',
  plexCourse:
    'Plasma exchange for an NMOSD attack: 5-7 exchanges every other day (ASFA guidelines, Padmanabhan et al., J Clin Apher 2019;34:171-354, doi:10.1002/jca.21705); 7 exchanges in the sham-controlled trial of Weinshenker et al., Ann Neurol 1999;46:878-886 (PMID 10589540)',
  ivmpDelay:
    'Stiebel-Kalish H et al., Does time equal vision in the acute treatment of a cohort of AQP4 and MOG optic neuritis?, Neurol Neuroimmunol Neuroinflamm 2019;6:e572, doi:10.1212/NXI.0000000000000572 (PMC6624092): IVMP more than 7 days after onset, OR 10 for failure to regain 20/30',
  breakthrough: `${NEMOS_2024}: an attack on long-term therapy beyond its onset of effect is treatment failure; check dosing and adherence, then switch to another mechanism (an approved biologic); Damato V, Evoli A, Iorio R, Rituximab in NMOSD: systematic review and meta-analysis, JAMA Neurol 2016;73:1342-1348, doi:10.1001/jamaneurol.2016.1637`,
  breakthroughMogad:
    'Chen JJ et al., Steroid-sparing maintenance immunotherapy for MOG-IgG associated disorder, Neurology 2020;95:e111-e120, doi:10.1212/WNL.0000000000009758: maintenance IVIG had the lowest and rituximab the highest relapse rate; Banwell B et al., MOGAD criteria, Lancet Neurol 2023, doi:10.1016/S1474-4422(22)00431-8',
  earlyRelapse: `No consensus onset-of-effect window exists, so each agent's window is a clinic setting: B-cell depletion and complement or IL-6 blockade act within weeks, azathioprine and mycophenolate need 3-6 months under a steroid bridge (${NEMOS_2024}); an attack inside the window does not by itself show treatment failure`,
  msDrugInterferon:
    'Palace J et al., Interferon beta treatment in neuromyelitis optica: increase in relapses and aquaporin 4 antibody titers, Arch Neurol 2010;67:1016-1017, doi:10.1001/archneurol.2010.188 (PMID 20697055)',
  msDrugNatalizumab:
    'Kleiter I et al., Failure of natalizumab to prevent relapses in neuromyelitis optica, Arch Neurol 2012;69:239-245, doi:10.1001/archneurol.2011.216 (PMID 22332191)',
  msDrugS1p: `Min JH et al., Development of extensive brain lesions following fingolimod (FTY720) treatment in a patient with NMOSD, Mult Scler 2012;18:113-115 (PMID 21734010); siponimod, ozanimod and ponesimod share fingolimod's S1P-receptor mechanism (${MS_DRUGS_REVIEW})`,
  msDrugGlatiramer: `Interferon-beta, glatiramer acetate and natalizumab are ineffective and in some cases harmful in NMOSD (Curr Treat Options Neurol 2015, doi:10.1007/s11940-015-0378-x; ${MS_DRUGS_REVIEW})`,
  msDrugDimethylFumarate: `Severe myelitis 3 months after starting dimethyl fumarate in NMOSD misdiagnosed as MS (case report, Mult Scler Relat Disord 2018, PMID 30268042); ${MS_DRUGS_REVIEW}`,
  msDrugAlemtuzumab:
    'Azzopardi L et al., Alemtuzumab use in neuromyelitis optica spectrum disorders: a brief case series, J Neurol 2016;263:25-29, doi:10.1007/s00415-015-7925-y: disabling relapses despite alemtuzumab',
  msDrugTeriflunomide: `No evidence of benefit in NMOSD; MS immunomodulators that do not deplete B cells failed or worsened AQP4-positive NMOSD (${MS_DRUGS_REVIEW})`,
  maintenance: `${NEMOS_2024}: start long-term immunotherapy after the first attack of AQP4-IgG-positive NMOSD (relapses are the rule) and in seronegative NMOSD; in MOGAD, usually after a relapse (Banwell B et al., Diagnosis of MOGAD: international MOGDC panel criteria, Lancet Neurol 2023;22:268-282, doi:10.1016/S1474-4422(22)00431-8)`,
  discontinuation: `${NEMOS_2024}: long-term immunotherapy of AQP4-IgG-positive NMOSD is not stopped without a successor; attacks follow withdrawal and steroid tapering`,
  meningococcal:
    'SOLIRIS (eculizumab) and ULTOMIRIS (ravulizumab) US prescribing information, boxed warning, section 2.1 and REMS: complete or update meningococcal vaccination (serogroups A, C, W, Y and B) per ACIP at least 2 weeks before the first dose; if therapy is urgent, antibacterial prophylaxis until 2 weeks after vaccination. Series for complement inhibitor use: MenACWY 2 doses at least 8 weeks apart; MenB 3 doses at 0, 1-2 and 6 months, one manufacturer (Mbaeyi SA et al., ACIP, MMWR Recomm Rep 2020;69(RR-9):1-41, doi:10.15585/mmwr.rr6909a1; Schillie S et al., MMWR 2024;73:1124-1128, doi:10.15585/mmwr.mm7349a3; pentavalent MenABCWY: Collins JP et al., MMWR 2024;73:345-350, doi:10.15585/mmwr.mm7315a4)',
  meningococcalBooster:
    'Mbaeyi SA et al., Meningococcal vaccination: recommendations of the ACIP, United States, 2020, MMWR Recomm Rep 2020;69(RR-9):1-41, doi:10.15585/mmwr.rr6909a1: for persons on a complement inhibitor, a MenACWY booster every 5 years and a MenB booster 1 year after the primary series, then every 2-3 years, while the risk remains; ULTOMIRIS and SOLIRIS US prescribing information, section 5.1: revaccinate per ACIP',
  ravulizumabPlex:
    'ULTOMIRIS (ravulizumab) US prescribing information, section 2, supplemental dosing: after each plasmapheresis or plasma exchange session give a supplemental dose, its amount set by the most recent ULTOMIRIS dose, within 4 hours after the session',
  ravulizumabWeight:
    'ULTOMIRIS (ravulizumab) US prescribing information, section 2, weight-based dosage regimen (NMOSD, adults): 40 to < 60 kg 2,400 mg loading and 3,000 mg maintenance; 60 to < 100 kg 2,700 and 3,300 mg; 100 kg or more 3,000 and 3,600 mg; body weight at the time of treatment',
  eculizumabPlex:
    'SOLIRIS (eculizumab) US prescribing information, section 2, supplemental dosing: after each plasma exchange session give a supplemental dose (600 mg when the most recent dose was 600 mg or more) within 60 minutes',
  rituximabRedosing:
    'Kim SH et al., Repeated treatment with rituximab based on the assessment of peripheral circulating memory B cells in NMO, Arch Neurol 2011;68:1412-1420, doi:10.1001/archneurol.2011.154: redose when CD19+CD27+ memory B cells exceed 0.05% (first 2 years) or 0.1% (later); CD19-guided protocol, Neurol Res Int 2012, doi:10.1155/2012/460825: redose when CD19 > 0.1% of lymphocytes, or 6 months after the last dose',
  hbv: 'FDA boxed warning in the rituximab (RITUXAN) and ofatumumab (ARZERRA) labels, hepatitis B reactivation: screen HBsAg and anti-HBc before the first dose; OCREVUS (ocrelizumab), KESIMPTA (ofatumumab), UPLIZNA (inebilizumab) and ENSPRYNG (satralizumab) US prescribing information, section 2.1: hepatitis B virus screening is required before the first dose',
  hbvPositive:
    'RITUXAN (rituximab) boxed warning: hepatitis B reactivation, in some cases fulminant hepatitis, hepatic failure and death; ENSPRYNG (satralizumab) US prescribing information, section 2.1: contraindicated in active hepatitis B, consult liver disease experts before and during treatment when HBsAg or anti-HBc is positive; Terrault NA et al., AASLD 2018 Hepatitis B Guidance, Hepatology 2018;67:1560-1599, doi:10.1002/hep.29800: anti-HBV prophylaxis before anti-CD20 therapy for HBsAg-positive and for HBsAg-negative, anti-HBc-positive patients, continued at least 12 months after it; EASL 2017 Clinical Practice Guidelines on the management of hepatitis B virus infection, J Hepatol 2017;67:370-398, doi:10.1016/j.jhep.2017.03.021',
  tbScreening:
    'ENSPRYNG (satralizumab) and UPLIZNA (inebilizumab) US prescribing information, section 2.1: evaluate for active tuberculosis and test for latent infection before the first dose; ACTEMRA (tocilizumab) boxed warning: test for latent tuberculosis before use',
  tbPositive:
    'ENSPRYNG (satralizumab) US prescribing information, sections 2.1 and 4: contraindicated in active or untreated latent tuberculosis, consult infectious disease experts when screening is positive without appropriate treatment; ACTEMRA (tocilizumab) boxed warning: treatment for latent infection should be initiated before use; UPLIZNA (inebilizumab) section 2.1; Lewinsohn DM et al., ATS/IDSA/CDC guidelines for the diagnosis of tuberculosis, Clin Infect Dis 2017;64:e1-e33, doi:10.1093/cid/ciw694',
  thiopurine:
    'Relling MV et al., Clinical Pharmacogenetics Implementation Consortium (CPIC) guideline for thiopurine dosing based on TPMT and NUDT15 genotypes: 2018 update, Clin Pharmacol Ther 2019;105:1095-1105, doi:10.1002/cpt.1304: normal starting dose of azathioprine 2-3 mg/kg/day; intermediate metabolizers start at 30-80% of the normal dose; poor metabolizers (deficient): consider an alternative non-thiopurine immunosuppressant for non-malignant conditions',
  igg: 'Tallantyre EC et al., Secondary antibody deficiency: a complication of anti-CD20 therapy for neuroinflammation, J Neurol 2018;265:1115-1122, doi:10.1007/s00415-018-8812-0 (PMC5937879): hypogammaglobulinaemia in 64%, with serious infections; UPLIZNA label: check immunoglobulins during treatment',
  edssMonitoring:
    'Kurtzke JF, Rating neurologic impairment in multiple sclerosis: an expanded disability status scale (EDSS), Neurology 1983;33:1444-1452, doi:10.1212/WNL.33.11.1444; registries record the EDSS at each visit, every 6-12 months (Danish Multiple Sclerosis Registry); the interval is a clinic setting',
  mriMonitoring: `MRI of the affected region at each attack and for follow-up (${NEMOS_2024}); no NMOSD surveillance interval is published, so the interval is a clinic setting`,
  visualMonitoring:
    'Oertel FC et al., Optical coherence tomography in NMOSD: potential advantages for individualized monitoring of progression and therapy, EPMA J 2018;9:21-33, doi:10.1007/s13167-017-0123-5 (PMC5833887); acuity, fields and OCT after optic neuritis; the intervals are clinic settings',
  aqp4Retest: `${IPND_2015}: test AQP4-IgG with a cell-based assay and retest seronegative patients, particularly at a relapse; retest before B-cell- or antibody-targeted therapy (Labcorp test 505295 notes)`,
  labMonitoring:
    'Azathioprine and mycophenolate monitoring per the CD19-guided NMO treatment protocol, Neurol Res Int 2012, doi:10.1155/2012/460825: azathioprine after TPMT, blood count weekly x4, every 2 weeks x2, then every 1-2 months, liver tests every 3 months; mycophenolate blood count weekly x4, monthly x6, then every 6 months; CELLCEPT (mycophenolate mofetil) US prescribing information: blood count weekly in the first month, twice monthly in months 2 and 3; ENSPRYNG (satralizumab) US prescribing information, sections 2.1, 5.2 and 5.3: transaminases before the first dose, ALT and AST every 4 weeks for 3 months then every 3 months for a year, neutrophils 4-8 weeks after the start; ACTEMRA (tocilizumab) US prescribing information, section 5: ALT and AST every 4-8 weeks for 6 months then every 3 months, neutrophils 4-8 weeks after the start then every 3 months; UPLIZNA (inebilizumab) and OCREVUS (ocrelizumab) US prescribing information: quantitative serum immunoglobulins before the first dose and during treatment',
  edssWorsening:
    'Confirmed disability worsening: +1.5 from EDSS 0, +1.0 from 1.0-5.0, +0.5 from 5.5, roving reference (Kappos L et al., Greater sensitivity to MS disability worsening using a roving versus a fixed reference value, Mult Scler 2018;24:963-973, doi:10.1177/1352458517709619; Montobbio N et al., msprog R package, 2024); in NMOSD, worsening without an attack is unusual and calls for review',
  letm: `${IPND_2015}: longitudinally extensive transverse myelitis spans 3 or more contiguous vertebral segments; extensive cord lesions predict poor outcome (${NEMOS_2024})`,
  antiphospholipid:
    'Antiphospholipid antibodies in NMOSD, a concomitant autoimmune disease: assess thrombotic risk and consider anticoagulation if thrombosis occurs (EULAR recommendations for the management of antiphospholipid syndrome in adults, Tektonidou MG et al., Ann Rheum Dis 2019;78:1296-1304, doi:10.1136/annrheumdis-2019-215213)',
  ahsct:
    'Greco R et al., Autologous hematopoietic stem cell transplantation in neuromyelitis optica: a registry study of the EBMT Autoimmune Diseases Working Party, Mult Scler 2015;21:189-197, doi:10.1177/1352458514541978: relapse-free survival 31% at 3 and 10% at 5 years; AHSCT only within clinical trials',
  maintenanceSeronegative:
    'Kümpfel et al., revised NEMOS recommendations part II, J Neurol 2024;271:141-176, doi:10.1007/s00415-023-11910-z: rituximab and classical immunosuppressants are the mainstay of attack prevention in AQP4-IgG-positive and AQP4-IgG-negative NMOSD alike',
  maintenanceMogad:
    'Banwell et al., International MOGAD Panel criteria, Lancet Neurol 2023;22:268-282 (doi:10.1016/S1474-4422(22)00431-8): MOGAD is monophasic or relapsing; relapsing in 55% of a UK cohort (Huda et al., BMJ Open 2021, doi:10.1136/bmjopen-2021-055392): maintenance immunotherapy is usually started after a relapse',
  maintenanceUncertain:
    'Wingerchuk et al., IPND criteria, Neurology 2015;85:177-189 (doi:10.1212/WNL.0000000000001729): recurrent optic neuritis or myelitis without AQP4-IgG may be seronegative NMOSD; relapsing seronegative NMOSD and MOGAD are both treated with maintenance immunotherapy (Kümpfel et al., J Neurol 2024;271:141-176; Banwell et al., Lancet Neurol 2023)',
  aqp4Testing:
    'Wingerchuk et al., IPND criteria, Neurology 2015;85:177-189 (doi:10.1212/WNL.0000000000001729): the diagnosis of NMOSD rests on AQP4-IgG tested with the best available assay (cell-based assay recommended); recombinant assays found AQP4-IgG in 61% of sera called negative by indirect immunofluorescence (Jiao et al., Neurology 2013, doi:10.1212/WNL.0b013e3182a6cb5c)',
  approvedIndication:
    'US prescribing information, section 1 (Indications and Usage), of SOLIRIS (eculizumab), ULTOMIRIS (ravulizumab), ENSPRYNG (satralizumab) and UPLIZNA (inebilizumab): NMOSD in adult patients who are anti-aquaporin-4 (AQP4) antibody positive; ENSPRYNG EU SmPC: AQP4-IgG-seropositive NMOSD from 12 years of age',
  lapsedDosing:
    'Memory-B-cell-guided rituximab: redose when CD19+CD27+ memory B cells return (Kim SH et al., Arch Neurol 2011;68:1412-1420, doi:10.1001/archneurol.2011.154); relapses on rituximab followed insufficient B-cell depletion (Kim SH et al., JAMA Neurol 2013;70:1110-1117, doi:10.1001/jamaneurol.2013.3071); redosing every 6 months (UPLIZNA and OCREVUS labels)',
  doseSchedules:
    'Dose schedules from the US prescribing information, section 2 (Dosage and Administration): SOLIRIS (eculizumab) 2024, 900 mg weekly for 4 weeks, 1200 mg for the fifth dose a week later, then 1200 mg every 2 weeks, at these time points or within two days; ULTOMIRIS (ravulizumab) 2024, a loading dose, maintenance 2 weeks later and then every 8 weeks, within 7 days of the scheduled day; ENSPRYNG (satralizumab) 2020, weeks 0, 2 and 4, then every 4 weeks; UPLIZNA (inebilizumab) 2020, day 1 and day 15, then every 6 months from the first infusion; OCREVUS (ocrelizumab) 2024, two 300 mg infusions 2 weeks apart, then every 6 months; KESIMPTA (ofatumumab) 2020, weeks 0, 1 and 2, then monthly from week 4 (a missed dose as soon as possible). Off-label: tocilizumab 8 mg/kg every 4 weeks (TANGO, Zhang C et al., Lancet Neurol 2020;19:391-401, doi:10.1016/S1474-4422(20)30070-3); maintenance IVIG monthly, relapses more frequent with less frequent dosing (Chen JJ et al., JAMA Neurol 2022;79:518-525, doi:10.1001/jamaneurol.2022.0489)',
  arr: 'Annualized relapse rate = attacks / years of follow-up (reference values: CIRCLES registry median 0.5, Neurol Neuroimmunol Neuroinflamm 2019;6:e583; NEMOS on treatment 0.60, Stellmann JP et al., J Neurol Neurosurg Psychiatry 2017;88:639-647, doi:10.1136/jnnp-2017-315603)',
  bridging: `Azathioprine and mycophenolate need 3-6 months to act and are bridged with oral steroids meanwhile (${NEMOS_2024}); prednisone while mycophenolate is titrated (CD19-guided NMO protocol, Neurol Res Int 2012, doi:10.1155/2012/460825); relapses cluster when corticosteroids are reduced: 8.75 times as often on 10 mg/day or less (Watanabe S et al., Low-dose corticosteroids reduce relapses in neuromyelitis optica, Mult Scler 2007;13:968-974, doi:10.1177/1352458507077189)`,
  teratogenicMycophenolate:
    'CELLCEPT (mycophenolate mofetil) US prescribing information, boxed warning (embryofetal toxicity: first-trimester pregnancy loss and congenital malformations) and section 8.3 (contraception during therapy and for 6 weeks after stopping); Mycophenolate REMS',
  teratogenicMethotrexate:
    'Methotrexate tablets US prescribing information (2020), boxed warning: embryo-fetal toxicity including fetal death, contraindicated in pregnancy for non-neoplastic diseases; section 8.3: contraception for 6 months after the final dose (females)',
  teratogenicTeriflunomide:
    'AUBAGIO (teriflunomide) US prescribing information, boxed warning: contraindicated in pregnancy (embryofetal toxicity); section 5.1: after stopping, plasma levels may take up to 2 years to fall below 0.02 mg/L without the accelerated elimination procedure',
  teratogenicS1p:
    'GILENYA (fingolimod) US prescribing information, section 5 (fetal risk): contraception during and for 2 months after stopping; MAYZENT (siponimod) 10 days, ZEPOSIA (ozanimod) 3 months and PONVORY (ponesimod) 1 week after stopping (their US prescribing information)',
  teratogenicOther: `A drug the clinic lists as teratogenic during a pregnancy; NMOSD treatment in pregnancy: Mao-Draayer Y et al., Neuromyelitis optica spectrum disorders and pregnancy: therapeutic considerations, Nat Rev Neurol 2020;16:154-170, doi:10.1038/s41582-020-0313-y`,
  postpartum:
    'Klawiter EC et al., High risk of postpartum relapses in neuromyelitis optica spectrum disorder, Neurology 2017;89:2238-2244, doi:10.1212/WNL.0000000000004681 (PMID 29093070): annualized relapse rate 1.33 in the first 3 months postpartum against 0.17 at baseline; Kim W et al., Influence of pregnancy on NMOSD, Neurology 2012;78:1264-1267: 5.3 times the pre-pregnancy rate in the first 3 months after delivery; keep or restart maintenance therapy promptly after delivery (Mao-Draayer Y et al., Nat Rev Neurol 2020;16:154-170, doi:10.1038/s41582-020-0313-y)',
} as const;
export type SourceId = keyof typeof SOURCES;
