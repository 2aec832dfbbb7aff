ValueSet: EligibilityOutcomeVS
Id: eligibility-outcome
Title: "Eligibility Outcome"
Description: "Outcomes of a ketamine therapy screening."
* ^status = #active
* ^experimental = false
* include codes from system EligibilityOutcomeCodes

ValueSet: TreatmentPhaseVS
Id: treatment-phase
Title: "Treatment Phase"
Description: "Phases of a ketamine treatment plan."
* ^status = #active
* ^experimental = false
* include codes from system TreatmentPhaseCodes

ValueSet: SessionTimePointVS
Id: session-time-point
Title: "Session Time Point"
Description: "Time points of session observations relative to the dose."
* ^status = #active
* ^experimental = false
* include codes from system SessionTimePointCodes

ValueSet: DosingWeightBasisVS
Id: dosing-weight-basis
Title: "Dosing Weight Basis"
Description: "Which body weight a per-kilogram dose was calculated on."
* ^status = #active
* ^experimental = false
* include codes from system DosingWeightBasisCodes

ValueSet: PlanActivityVS
Id: plan-activity
Title: "Plan Activity"
Description: "Kinds of activity in a ketamine treatment plan."
* ^status = #active
* ^experimental = false
* include codes from system PlanActivityCodes

ValueSet: SideEffectSeverityVS
Id: side-effect-severity
Title: "Side Effect Severity"
Description: "Severity of a side effect."
* ^status = #active
* ^experimental = false
* include codes from system SideEffectSeverityCodes

ValueSet: SideEffectActionVS
Id: side-effect-action
Title: "Side Effect Action Taken"
Description: "Actions taken for a side effect."
* ^status = #active
* ^experimental = false
* include codes from system SideEffectActionCodes

ValueSet: PregnancyStatusVS
Id: pregnancy-status
Title: "Pregnancy Status"
Description: "Pregnancy or breastfeeding status."
* ^status = #active
* ^experimental = false
* include codes from system PregnancyStatusCodes

ValueSet: KetamineProductVS
Id: ketamine-product
Title: "Ketamine Product"
Description: "Ketamine and esketamine products. RxNorm codes are the confirmed esketamine nasal spray forms; racemic ketamine uses this IG's code because no RxNorm code for it was confirmed."
* ^status = #active
* ^experimental = false
* include codes from system KetamineProductCodes
* $rxnorm#2201623 "esketamine Nasal Spray"
* $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"

ValueSet: EsketamineProductVS
Id: esketamine-product
Title: "Esketamine Product"
Description: "The esketamine products (nasal spray only)."
* ^status = #active
* ^experimental = false
* KetamineProductCodes#esketamine
* $rxnorm#2201623 "esketamine Nasal Spray"
* $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"

ValueSet: KetamineRouteVS
Id: ketamine-route
Title: "Ketamine Route"
Description: "Routes by which the clinic gives ketamine or esketamine (SNOMED CT route codes)."
* ^status = #active
* ^experimental = false
* $sct#47625008 "Intravenous route"
* $sct#78421000 "Intramuscular route"
* $sct#46713006 "Nasal route"
* $sct#34206005 "Subcutaneous route"
* $sct#26643006 "Oral route"
* $sct#37839007 "Sublingual route"

ValueSet: IndicationVS
Id: ketamine-indication
Title: "Ketamine Therapy Indication"
Description: "Conditions ketamine therapy is given for (SNOMED CT)."
* ^status = #active
* ^experimental = false
* $sct#1153570009 "Treatment resistant depression"
* $sct#370143000 "Major depressive disorder"
* $sct#35489007 "Depressive disorder"
* $sct#767631007 "Bipolar disorder, most recent episode depression"
* $sct#47505003 "Posttraumatic stress disorder"
* $sct#21897009 "Generalized anxiety disorder"
* $sct#197480006 "Anxiety disorder"

ValueSet: RatingScaleVS
Id: rating-scale
Title: "Rating Scale"
Description: "Rating scale totals the clinic measures: LOINC where a code is confirmed, this IG's codes otherwise."
* ^status = #active
* ^experimental = false
* $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* $loinc#89209-1 "Beck Depression Inventory II total score [BDI]"
* KetamineObservationCodes#madrs
* KetamineObservationCodes#hamd-17
* KetamineObservationCodes#qids-sr16
* KetamineObservationCodes#pcl-5
* KetamineObservationCodes#cadss
* KetamineObservationCodes#moaas

ValueSet: SideEffectFindingVS
Id: side-effect-finding
Title: "Side Effect Finding"
Description: "Side effects of ketamine and esketamine: SNOMED CT findings where confirmed, this IG's codes for dissociation, sedation, respiratory depression and loss of consciousness."
* ^status = #active
* ^experimental = false
* $sct#422587007 "Nausea"
* $sct#422400008 "Vomiting"
* $sct#25064002 "Headache"
* $sct#404640003 "Dizziness"
* $sct#48694002 "Anxiety"
* $sct#271782001 "Drowsy"
* $sct#24184005 "Increased blood pressure"
* $sct#3424008 "Tachycardia"
* $sct#91019004 "Paresthesia"
* $sct#84229001 "Fatigue"
* $sct#267036007 "Dyspnea"
* KetamineObservationCodes#dissociation
* KetamineObservationCodes#sedation
* KetamineObservationCodes#respiratory-depression
* KetamineObservationCodes#loss-of-consciousness
